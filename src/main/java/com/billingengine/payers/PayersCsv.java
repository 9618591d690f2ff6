package com.billingengine.payers;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.opencsv.CSVReader;
import com.opencsv.CSVWriter;
import com.opencsv.exceptions.CsvException;

/**
 * Reads a payer registry CSV (the contract's {@code payers import} format) and checks every row before anything
 * is stored, so a bad file is refused whole.
 */
public final class PayersCsv {

    static final List<String> REQUIRED = List.of("payer_account_id", "customer_id", "customer_name", "currency",
            "role_arn", "status");
    static final List<String> OPTIONAL = List.of("markup_percent", "payment_terms_days");

    private PayersCsv() {
    }

    public static List<PayerAccount> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new PayerImportException(file + ": file not found");
        }
        try (Reader in = new StringReader(utf8(file)); CSVReader csv = new CSVReader(in)) {
            List<String[]> rows = csv.readAll();
            return parse(file.toString(), rows);
        } catch (IOException | CsvException e) {
            throw new PayerImportException(file + ": not a readable CSV file: " + e.getMessage());
        }
    }

    /**
     * Writes payers in the format {@link #read} accepts (all columns, markup and payment terms included), so
     * {@code payers import} registers exactly these payers (an ACTIVE one as PENDING: import never activates). Written aside and moved into place: a reader never sees half a file.
     */
    public static void write(Path file, List<PayerAccount> payers) {
        Path absolute = file.toAbsolutePath();
        Path partial = absolute.resolveSibling(absolute.getFileName() + ".partial");
        try {
            if (absolute.getParent() != null) {
                Files.createDirectories(absolute.getParent());
            }
            try (CSVWriter csv = new CSVWriter(Files.newBufferedWriter(partial, StandardCharsets.UTF_8),
                    CSVWriter.DEFAULT_SEPARATOR, CSVWriter.DEFAULT_QUOTE_CHARACTER, CSVWriter.DEFAULT_ESCAPE_CHARACTER,
                    "\n")) {
                List<String> header = new ArrayList<>(REQUIRED);
                header.addAll(OPTIONAL);
                csv.writeNext(header.toArray(String[]::new), false);
                for (PayerAccount p : payers) {
                    PayerStatus status = p.status() == PayerStatus.ACTIVE ? PayerStatus.PENDING : p.status();
                    csv.writeNext(new String[] {p.payerAccountId(), p.customerId(), p.customerName(), p.currency(),
                            p.roleArn(), status.name(), p.markupPercent().toPlainString(),
                            p.paymentTermsDays() == null ? "" : p.paymentTermsDays().toString()}, false);
                }
            }
            Files.move(partial, absolute, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write the payers CSV " + file + ": " + e.getMessage(), e);
        }
    }

    /** The file's text; bytes that are not UTF-8 are refused naming the line, not with the decoder's "Input length = 1". */
    private static String utf8(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(in, out, true);
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new PayerImportException(String.format("%s line %d: byte 0x%02X at byte %d of the line is not UTF-8; "
                    + "save the file as UTF-8 (the expected encoding)", file, line, bytes[at] & 0xff, at - lineStart + 1));
        }
        return out.flip().toString();
    }

    static List<PayerAccount> parse(String fileName, List<String[]> rows) {
        if (rows.isEmpty()) {
            throw new PayerImportException(fileName + ": the file is empty; expected the header " + String.join(",", REQUIRED));
        }
        Map<String, Integer> columns = header(fileName, rows.get(0));
        List<String> errors = new ArrayList<>();
        List<PayerAccount> payers = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 1; i < rows.size(); i++) {
            String[] row = rows.get(i);
            int line = i + 1;
            if (row.length == 1 && row[0].isBlank()) {
                continue;
            }
            try {
                PayerAccount payer = row(columns, row);
                if (!seen.add(payer.payerAccountId())) {
                    throw new IllegalArgumentException("duplicate payer_account_id " + payer.payerAccountId());
                }
                payers.add(payer);
            } catch (IllegalArgumentException e) {
                errors.add(fileName + " line " + line + ": " + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new PayerImportException(String.join(System.lineSeparator(), errors));
        }
        return payers;
    }

    private static Map<String, Integer> header(String fileName, String[] header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            String name = header[i].strip().replace("\uFEFF", "");
            if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
                throw new PayerImportException(fileName + " line 1: unknown column '" + name + "'; expected "
                        + String.join(",", REQUIRED) + " (optional: " + String.join(",", OPTIONAL) + ")");
            }
            if (columns.put(name, i) != null) {
                throw new PayerImportException(fileName + " line 1: column '" + name + "' appears twice");
            }
        }
        List<String> missing = REQUIRED.stream().filter(c -> !columns.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new PayerImportException(fileName + " line 1: missing column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + "; expected the header " + String.join(",", REQUIRED));
        }
        return columns;
    }

    private static PayerAccount row(Map<String, Integer> columns, String[] row) {
        if (row.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " fields, found " + row.length);
        }
        String id = PayerFields.accountId(row[columns.get("payer_account_id")]);
        String customerId = PayerFields.customerId(row[columns.get("customer_id")]);
        String customerName = PayerFields.customerName(row[columns.get("customer_name")]);
        String currency = PayerFields.currency(row[columns.get("currency")]);
        String roleArn = PayerFields.roleArn(row[columns.get("role_arn")], id);
        PayerStatus status = PayerFields.status(row[columns.get("status")]);
        if (status == PayerStatus.ACTIVE) {
            // as `payers add`: only the onboarding checks make a payer billable, never a file
            throw new IllegalArgumentException("status ACTIVE is refused: a payer becomes ACTIVE only by passing the"
                    + " onboarding checks; import it as PENDING (or leave status empty), then run `payers validate"
                    + " --payer " + id + "` (or `payers validate --pending` for every imported payer)");
        }
        return new PayerAccount(id, customerId, customerName, currency, roleArn, status,
                columns.containsKey("markup_percent") ? PayerFields.markupPercent(row[columns.get("markup_percent")])
                        : java.math.BigDecimal.ZERO,
                null, 0,
                columns.containsKey("payment_terms_days")
                        ? PayerFields.paymentTermsDays(row[columns.get("payment_terms_days")]) : null);
    }
}
