package com.billingengine.costs;

import java.util.HashSet;
import java.util.Set;

import org.springframework.batch.core.listener.ItemWriteListener;
import org.springframework.batch.infrastructure.item.Chunk;

import com.billingengine.accounts.DepartedAccounts;

/**
 * Before a chunk of cost lines is staged, in its transaction: accounts charged in it that Organizations did not
 * list join the account snapshot under the name Cost Explorer gave them (accounts that left the organisation).
 */
class DepartedAccountListener implements ItemWriteListener<CostLine> {

    private final DepartedAccounts departed;
    private final CostLineReader reader;

    DepartedAccountListener(DepartedAccounts departed, CostLineReader reader) {
        this.departed = departed;
        this.reader = reader;
    }

    @Override
    public void beforeWrite(Chunk<? extends CostLine> chunk) {
        Set<String> accounts = new HashSet<>();
        chunk.forEach(line -> accounts.add(line.accountId()));
        departed.record(accounts, reader::costExplorerName);
    }
}
