package com.billingengine.onboarding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class CloudFormationYamlTest {

    @Test
    void shortFormTagsBecomeTheLongForm() {
        Map<String, Object> parsed = CloudFormationYaml.parse("""
                ref: !Ref Param
                sub: !Sub "arn:${AWS::Partition}:x"
                subList: !Sub [ "${A}", { A: !Ref B } ]
                getAtt: !GetAtt Role.Arn
                getAttNested: !GetAtt Stack.Outputs.Name
                getAttList: !GetAtt [Role, Arn]
                if: !If [Cond, a, !Ref AWS::NoValue]
                equals: !Equals [!Ref P, x]
                findInMap: !FindInMap [M, !Ref P, K]
                join: !Join ["", [a, b]]
                select: !Select [0, !Split [",", "a,b"]]
                logic: !And [!Not [!Condition C], !Or [!Condition D, !Condition E]]
                azs: !GetAZs ''
                import: !ImportValue shared-name
                """);

        assertThat(parsed).containsEntry("ref", Map.of("Ref", "Param"))
                .containsEntry("sub", Map.of("Fn::Sub", "arn:${AWS::Partition}:x"))
                .containsEntry("subList", Map.of("Fn::Sub", List.of("${A}", Map.of("A", Map.of("Ref", "B")))))
                .containsEntry("getAtt", Map.of("Fn::GetAtt", List.of("Role", "Arn")))
                .containsEntry("getAttNested", Map.of("Fn::GetAtt", List.of("Stack", "Outputs.Name")))
                .containsEntry("getAttList", Map.of("Fn::GetAtt", List.of("Role", "Arn")))
                .containsEntry("if", Map.of("Fn::If", List.of("Cond", "a", Map.of("Ref", "AWS::NoValue"))))
                .containsEntry("equals", Map.of("Fn::Equals", List.of(Map.of("Ref", "P"), "x")))
                .containsEntry("findInMap", Map.of("Fn::FindInMap", List.of("M", Map.of("Ref", "P"), "K")))
                .containsEntry("join", Map.of("Fn::Join", List.of("", List.of("a", "b"))))
                .containsEntry("select", Map.of("Fn::Select", List.of(0, Map.of("Fn::Split", List.of(",", "a,b")))))
                .containsEntry("logic", Map.of("Fn::And", List.of(
                        Map.of("Fn::Not", List.of(Map.of("Condition", "C"))),
                        Map.of("Fn::Or", List.of(Map.of("Condition", "D"), Map.of("Condition", "E"))))))
                .containsEntry("azs", Map.of("Fn::GetAZs", ""))
                .containsEntry("import", Map.of("Fn::ImportValue", "shared-name"));
    }

    @Test
    void duplicateKeysAreRefusedAsCloudFormationRefusesThem() {
        assertThatThrownBy(() -> CloudFormationYaml.parse("Resources: {}\nResources: {}\n"))
                .hasMessageContaining("Resources");
    }

    @Test
    void aDocumentThatIsNotAMappingIsRefused() {
        assertThatThrownBy(() -> CloudFormationYaml.parse("- just a list"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a YAML mapping");
    }
}
