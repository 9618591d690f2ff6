package com.billingengine.pricing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.billingengine.cli.Cli;

/**
 * End-to-end amounts of the sandbox's default scenario (3 payers, seed default, period 2026-10) with the example
 * pricing rules, pinned. Hand-checked once, independently of the engine's pricing code:
 * <ul>
 *   <li>per customer, the staged cost lines summed by SQL on the run's H2 database into four buckets: credit+refund
 *       (pass-through), support, EC2 compute (not credit/refund/support), everything else billed;</li>
 *   <li>then by hand (Python's decimal): C-1001 USD = passthrough + 1.085 × (support + other) + 0.965 × EC2 + 250
 *       − 100 (acme-default 8.5 % beats the global support rule, since a customer scope is more specific;
 *       acme-ec2-discount −3.5 %; the management fee and the one-time credit) = 80,581.069262… → 80,581.07;
 *       C-1002 EUR = (passthrough + support + 1.05 × rest) × 0.9150 = 88,986.318210… → 88,986.32;
 *       C-1003 JPY = (passthrough + support + 1.05 × rest) × 149.20 = 15,356,715.79489… → 15,356,716;</li>
 *   <li>those sums billed AWS's tax (in "other"/"rest") with the markup; tax now passes through at cost (the
 *       default), so each total is the above minus the markup on the customers' tax lines (AWS cost of the
 *       invoice's tax lines, summed from invoice-lines.csv): C-1001 − 0.085 × 1,925.4374164066 = 80,417.407081… →
 *       80,417.41; C-1002 − 0.05 × 1,617.6111078054 × 0.9150 = 88,912.312501… → 88,912.31; C-1003 − 0.05 ×
 *       1,153.7811070230 × 149.20 = 15,348,108.587831… → 15,348,109;</li>
 *   <li>the sample lines: SUM(unblended_cost) of the line's 31 daily cost lines × markup × rate, e.g. Tanaka's
 *       EC2 usage in account 230160654387: 3,651.883438608 × 1.05 × 149.20 = 572,104.0595 → 572104 (the largest
 *       remainders of the invoice got the extra yen; this one has .0595, so it is floored).</li>
 * </ul>
 */
class SandboxAmountsTest {

    /** The demo's rules as they were when these amounts were hand-checked (see {@link ExampleRules}). */
    static final String EXAMPLE_RULES = ExampleRules.YAML;


    @Test
    void defaultScenarioBillsTheHandCheckedAmounts(@TempDir Path dataDir, @TempDir Path configDir) throws Exception {
        Path config = RunConfig.write(configDir, EXAMPLE_RULES, RunConfig.SHIPPED_RATES);
        Cli.Result run = Cli.run("--data-dir", dataDir.toString(), "--config", config.toString(), "--sandbox", "run",
                "--period", "2026-10");
        assertThat(run.exitCode()).as(run.toString()).isZero();

        Path folder = dataDir.resolve("exports/2026-10/rev-1");
        String manifest = Files.readString(folder.resolve("manifest.json"));
        assertThat(manifest.replaceAll("\\s+", "")).contains(
                "{\"customerId\":\"C-1001\",\"customerName\":\"ContosoGmbH\",\"currency\":\"USD\",\"lines\":171,\"total\":\"80417.41\"}",
                "{\"customerId\":\"C-1002\",\"customerName\":\"Fabrikam,Inc.\",\"currency\":\"EUR\",\"lines\":182,\"total\":\"88912.31\"}",
                "{\"customerId\":\"C-1003\",\"customerName\":\"TanakaShojiK.K.\",\"currency\":\"JPY\",\"lines\":165,\"total\":\"15348109\"}");

        List<String> csv = Files.readAllLines(folder.resolve("invoice-lines.csv"));
        assertThat(csv).contains(
                // aws_cost × 1.05 × 149.20 = 572104.0595
                "L4218c4d926604c20,2026-10,C-1003,285806102971,230160654387,edge-cdn-29,"
                        + "Amazon Elastic Compute Cloud - Compute,usage,3651.883438608,572104,JPY,Tanaka Shoji K.K.,"
                        + "global-markup,5,149.2",
                // support at 0 %: 1008.2424968088 × 0.9150 = 922.5418845800
                "L3acf5c49f4d23b61,2026-10,C-1002,967957841924,967957841924,\"Fabrikam, Inc. (management)\","
                        + "AWS Support (Business),support,1008.2424968088,922.54,EUR,\"Fabrikam, Inc.\",global-support,0,0.915",
                // acme-ec2-discount: 13.2067603352 × 0.965 = 12.7445237235
                "L92ff445a1873b248,2026-10,C-1001,256388812462,153712984002,R&D <Lab> & 'QA',"
                        + "Amazon Elastic Compute Cloud - Compute,usage,13.2067603352,12.74,USD,Contoso GmbH,"
                        + "acme-ec2-discount,-3.5,1",
                // tax passes through at AWS cost by default: 46.8391721603 × 0.9150 = 42.8578425267
                "L2d2f6ce786a9a9e6,2026-10,C-1002,967957841924,176770021662,prod-web-16,Tax,tax,46.8391721603,42.86,"
                        + "EUR,\"Fabrikam, Inc.\",pass-through,0,0.915",
                // credits pass through at AWS cost
                "L6c95f452dfa85f4a,2026-10,C-1001,256388812462,153712984002,R&D <Lab> & 'QA',"
                        + "Amazon Elastic Compute Cloud - Compute,credit,-72.5546723517,-72.55,USD,Contoso GmbH,"
                        + "pass-through,0,1",
                "Lb66c980888fc54f2,2026-10,C-1001,,,,Onboarding credit,credit,0.00,-100.00,USD,Contoso GmbH,"
                        + "acme-onboarding-credit,0,1",
                "L187caf029d266088,2026-10,C-1001,,,,Managed cloud operations fee,fee,0.00,250.00,USD,Contoso GmbH,"
                        + "acme-management-fee,0,1");
    }
}
