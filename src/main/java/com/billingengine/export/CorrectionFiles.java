package com.billingengine.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

import com.billingengine.pricing.InvoiceLine;
import com.opencsv.CSVWriter;
import com.opencsv.ICSVWriter;

/**
 * The correction documents of a revision that corrects an earlier exported one: corrections.csv (one row per changed
 * line) and corrections.xml (a credit, debit or balanced note per customer invoice, valid against corrections.xsd).
 * An empty correction is a header-only CSV and an XML without notes.
 */
final class CorrectionFiles {

    static final String CSV = "corrections.csv";
    static final String XML = "corrections.xml";
    static final String NAMESPACE = "urn:billingengine:corrections:1";
    static final String XSD = "/com/billingengine/export/corrections.xsd";

    static final String[] HEADER = {"line_id", "customer_id", "currency", "payer_account_id", "account_id",
            "account_name", "service", "charge_type", "amount_before", "amount_now", "delta", "cause", "rule_before",
            "rule_now"};

    private CorrectionFiles() {
    }

    /** Writes corrections.csv and returns its data rows. */
    static int writeCsv(Path file, RevisionDiff.Diff diff) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                CSVWriter csv = new CSVWriter(out, ICSVWriter.DEFAULT_SEPARATOR, ICSVWriter.DEFAULT_QUOTE_CHARACTER,
                        ICSVWriter.DEFAULT_QUOTE_CHARACTER, "\r\n")) {
            csv.writeNext(HEADER, false);
            for (CustomerChange customer : diff.customers()) {
                for (LineChange change : customer.lines()) {
                    InvoiceLine l = change.line();
                    csv.writeNext(new String[] {l.lineId(), InvoiceLinesCsv.text(l.customerId()), l.currency(),
                            l.payerAccountId(), l.accountId(), InvoiceLinesCsv.text(l.accountName()),
                            InvoiceLinesCsv.text(l.service()), l.chargeType(), change.amountBefore().toPlainString(),
                            change.amountNow().toPlainString(), change.delta().toPlainString(), change.cause(),
                            change.ruleBefore(), change.ruleNow()}, false);
                }
            }
            csv.flush();
            if (csv.checkError()) {
                throw new IOException("could not write " + file);
            }
        }
        return diff.changedLines();
    }

    /** Writes corrections.xml, checks it against corrections.xsd and returns the number of notes. */
    static int writeXml(Path file, RevisionDiff.Diff diff, boolean estimated, InvoiceTerms terms) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("corrections");
            xml.writeDefaultNamespace(NAMESPACE);
            xml.writeAttribute("period", diff.period());
            xml.writeAttribute("revision", Integer.toString(diff.to()));
            xml.writeAttribute("corrects", Integer.toString(diff.from()));
            xml.writeAttribute("estimated", Boolean.toString(estimated));
            for (CustomerChange customer : diff.customers()) {
                writeNote(xml, diff, customer, terms);
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("could not write " + file + ": " + e.getMessage(), e);
        }
        InvoicesXml.validate(file, XSD);
        return diff.customers().size();
    }

    /**
     * A note names the invoice it corrects as the corrected revision's invoices.xml does (the id the ERP imported);
     * a note for an invoice that revision did not have (a customer or currency new since) names none: the ERP posts
     * it as a document of its own.
     */
    private static void writeNote(XMLStreamWriter xml, RevisionDiff.Diff diff, CustomerChange c, InvoiceTerms terms)
            throws XMLStreamException {
        String currency = c.currency();
        xml.writeCharacters("\n  ");
        xml.writeStartElement("note");
        xml.writeAttribute("id", c.noteId(diff.period(), diff.to()));
        xml.writeAttribute("type", c.noteType());
        InvoicesXml.element(xml, 4, "customerId", c.customerId());
        InvoicesXml.element(xml, 4, "customerName", c.customerName());
        InvoicesXml.element(xml, 4, "currency", currency);
        InvoicesXml.element(xml, 4, "period", diff.period());
        InvoicesXml.dates(xml, terms, c.customerId(), currency);
        if (c.invoicedBefore()) {
            InvoicesXml.element(xml, 4, "correctsInvoice", c.invoiceId(diff.period()));
        }
        InvoicesXml.element(xml, 4, "correctsRevision", Integer.toString(diff.from()));
        xml.writeCharacters("\n    ");
        xml.writeStartElement("lines");
        for (LineChange change : c.lines()) {
            InvoiceLine l = change.line();
            xml.writeCharacters("\n      ");
            xml.writeStartElement("line");
            xml.writeAttribute("id", l.lineId());
            xml.writeAttribute("change", change.kind());
            xml.writeAttribute("cause", change.cause());
            InvoicesXml.element(xml, 8, "payerAccountId", l.payerAccountId());
            InvoicesXml.element(xml, 8, "accountId", l.accountId());
            InvoicesXml.element(xml, 8, "accountName", l.accountName());
            InvoicesXml.element(xml, 8, "service", l.service());
            InvoicesXml.element(xml, 8, "chargeType", l.chargeType());
            InvoicesXml.amount(xml, 8, "amountBefore", currency, change.amountBefore().toPlainString());
            InvoicesXml.amount(xml, 8, "amountNow", currency, change.amountNow().toPlainString());
            InvoicesXml.amount(xml, 8, "delta", currency, change.delta().toPlainString());
            InvoicesXml.element(xml, 8, "ruleBefore", change.ruleBefore());
            InvoicesXml.element(xml, 8, "ruleNow", change.ruleNow());
            xml.writeCharacters("\n      ");
            xml.writeEndElement();
        }
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
        InvoicesXml.amount(xml, 4, "totalBefore", currency, c.totalBefore().toPlainString());
        InvoicesXml.amount(xml, 4, "totalNow", currency, c.totalNow().toPlainString());
        InvoicesXml.amount(xml, 4, "deltaTotal", currency, c.delta().toPlainString());
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    /**
     * The correction's FOCUS rows: one per changed line, its BilledCost the delta, ChargeClass Correction (FOCUS 1.2:
     * a row that corrects a previously invoiced billing period), so a FOCUS consumer that appends this dataset to the
     * corrected one sums to the revision's bill.
     */
    static List<InvoiceLine> focusRows(RevisionDiff.Diff diff) {
        List<InvoiceLine> rows = new ArrayList<>();
        for (CustomerChange customer : diff.customers()) {
            for (LineChange change : customer.lines()) {
                InvoiceLine l = change.line();
                rows.add(new InvoiceLine(l.lineId(), l.customerId(), l.customerName(), l.currency(),
                        l.payerAccountId(), l.accountId(), l.accountName(), l.service(), l.chargeType(),
                        change.awsCostDelta(), change.delta(), change.delta(), l.pricingRule(), l.markupPercent(),
                        l.exchangeRate()));
            }
        }
        return rows;
    }
}
