package com.billingengine.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;

import org.xml.sax.SAXException;

import com.billingengine.pricing.InvoiceLine;

/** invoices.xml: one invoice per customer and currency, written with StAX and checked against invoices.xsd. */
final class InvoicesXml {

    static final String NAMESPACE = "urn:billingengine:invoices:1";
    static final String XSD = "/com/billingengine/export/invoices.xsd";
    /** Cost Explorer's currency: every AWS cost the engine reads is in US dollars. */
    static final String AWS_CURRENCY = "USD";

    private InvoicesXml() {
    }

    /**
     * Writes the file and returns the number of invoices. Lines must come grouped by customer and currency; one
     * invoice's lines are held at a time.
     */
    static int write(Path file, String period, int revision, boolean estimated, Iterable<InvoiceLine> lines,
            InvoiceTerms terms) throws IOException {
        int invoices = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("invoices");
            xml.writeDefaultNamespace(NAMESPACE);
            xml.writeAttribute("period", period);
            xml.writeAttribute("revision", Integer.toString(revision));
            xml.writeAttribute("estimated", Boolean.toString(estimated));
            List<InvoiceLine> invoice = new ArrayList<>();
            for (InvoiceLine line : lines) {
                if (!invoice.isEmpty() && !sameInvoice(invoice.get(0), line)) {
                    writeInvoice(xml, period, invoice, terms);
                    invoices++;
                    invoice.clear();
                }
                invoice.add(line);
            }
            if (!invoice.isEmpty()) {
                writeInvoice(xml, period, invoice, terms);
                invoices++;
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("could not write " + file + ": " + e.getMessage(), e);
        }
        return invoices;
    }

    private static boolean sameInvoice(InvoiceLine a, InvoiceLine b) {
        return a.customerId().equals(b.customerId()) && a.currency().equals(b.currency());
    }

    private static void writeInvoice(XMLStreamWriter xml, String period, List<InvoiceLine> lines, InvoiceTerms terms)
            throws XMLStreamException {
        InvoiceLine first = lines.get(0);
        String currency = first.currency();
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        xml.writeCharacters("\n  ");
        xml.writeStartElement("invoice");
        xml.writeAttribute("id", terms.invoiceId(first.customerId(), currency));
        element(xml, 4, "customerId", first.customerId());
        element(xml, 4, "customerName", first.customerName());
        element(xml, 4, "currency", currency);
        element(xml, 4, "period", period);
        dates(xml, terms, first.customerId(), currency);
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("exchangeRate");
        xml.writeAttribute("from", "USD");
        xml.writeAttribute("to", first.currency());
        xml.writeAttribute("rate", Amounts.plain(first.exchangeRate()));
        xml.writeCharacters("\n    ");
        xml.writeStartElement("lines");
        BigDecimal awsTotal = BigDecimal.ZERO;
        BigDecimal total = BigDecimal.ZERO;
        for (InvoiceLine l : lines) {
            xml.writeCharacters("\n      ");
            xml.writeStartElement("line");
            xml.writeAttribute("id", l.lineId());
            element(xml, 8, "payerAccountId", l.payerAccountId());
            element(xml, 8, "accountId", l.accountId());
            element(xml, 8, "accountName", l.accountName());
            element(xml, 8, "service", l.service());
            element(xml, 8, "chargeType", l.chargeType());
            amount(xml, 8, "awsCost", AWS_CURRENCY, Amounts.awsCost(l.awsCost()));
            amount(xml, 8, "amount", currency, l.amount().setScale(digits).toPlainString());
            element(xml, 8, "pricingRule", l.pricingRule());
            element(xml, 8, "markupPercent", Amounts.plain(l.markupPercent()));
            xml.writeCharacters("\n      ");
            xml.writeEndElement();
            awsTotal = awsTotal.add(l.awsCost());
            total = total.add(l.amount());
        }
        xml.writeCharacters("\n    ");
        xml.writeEndElement();
        amount(xml, 4, "awsCostTotal", AWS_CURRENCY, Amounts.awsCost(awsTotal));
        amount(xml, 4, "total", currency, total.setScale(digits).toPlainString());
        xml.writeCharacters("\n  ");
        xml.writeEndElement();
    }

    /**
     * The document's dates (invoice and correction note alike): the service period (first and last day, inclusive),
     * the issue date, the payment terms in days and the due date.
     */
    static void dates(XMLStreamWriter xml, InvoiceTerms terms, String customerId, String currency)
            throws XMLStreamException {
        xml.writeCharacters("\n    ");
        xml.writeEmptyElement("servicePeriod");
        xml.writeAttribute("start", terms.serviceStart().toString());
        xml.writeAttribute("end", terms.serviceEnd().toString());
        element(xml, 4, "issueDate", terms.issueDate().toString());
        element(xml, 4, "paymentTermsDays", Integer.toString(terms.paymentTermsDays(customerId, currency)));
        element(xml, 4, "dueDate", terms.dueDate(customerId, currency).toString());
    }

    /** An amount with the ISO 4217 currency it is in: AWS costs in USD, invoiced amounts in the invoice's. */
    static void amount(XMLStreamWriter xml, int indent, String name, String currency, String text)
            throws XMLStreamException {
        xml.writeCharacters("\n" + " ".repeat(indent));
        xml.writeStartElement(name);
        xml.writeAttribute("currency", currency);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    static void element(XMLStreamWriter xml, int indent, String name, String text) throws XMLStreamException {
        xml.writeCharacters("\n" + " ".repeat(indent));
        xml.writeStartElement(name);
        xml.writeCharacters(text);
        xml.writeEndElement();
    }

    static void validate(Path file) throws IOException {
        validate(file, XSD);
    }

    /** Checks a file against one of the XSDs the project ships (a resource path). */
    static void validate(Path file, String xsd) throws IOException {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            Schema schema = factory.newSchema(InvoicesXml.class.getResource(xsd));
            schema.newValidator().validate(new StreamSource(file.toFile()));
        } catch (SAXException e) {
            throw new IOException(file.getFileName() + " does not validate against "
                    + xsd.substring(xsd.lastIndexOf('/') + 1) + ": " + e.getMessage(), e);
        }
    }
}
