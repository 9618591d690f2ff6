package com.billingengine.onboarding;

import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads CloudFormation YAML: the short-form intrinsic tags become their long (JSON) form, so
 * {@code !Sub x} is {@code {"Fn::Sub": "x"}} and {@code !GetAtt A.B} is {@code {"Fn::GetAtt": ["A", "B"]}}.
 */
final class CloudFormationYaml {

    private static final List<String> FUNCTIONS = List.of("Sub", "GetAtt", "If", "Equals", "FindInMap", "Join",
            "Select", "Not", "And", "Or", "Split", "GetAZs", "ImportValue", "Base64", "Cidr", "Contains",
            "EachMemberEquals", "EachMemberIn", "ValueOf", "ValueOfAll", "RefAll", "Length", "ToJsonString");

    private CloudFormationYaml() {
    }

    /** Parses one template document; duplicate keys are refused, as CloudFormation refuses them. */
    static Map<String, Object> parse(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Object document = new Yaml(new IntrinsicConstructor(options)).load(yaml);
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a CloudFormation template must be a YAML mapping, got "
                    + (document == null ? "an empty document" : document.getClass().getSimpleName()));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> template = (Map<String, Object>) map;
        return template;
    }

    private static final class IntrinsicConstructor extends SafeConstructor {

        IntrinsicConstructor(LoaderOptions options) {
            super(options);
            register("!Ref", "Ref");
            register("!Condition", "Condition");
            FUNCTIONS.forEach(name -> register("!" + name, "Fn::" + name));
        }

        private void register(String tag, String key) {
            yamlConstructors.put(new Tag(tag), new AbstractConstruct() {
                @Override
                public Object construct(Node node) {
                    return Map.of(key, value(key, node));
                }
            });
        }

        private Object value(String key, Node node) {
            if (node instanceof ScalarNode scalar) {
                String text = constructScalar(scalar);
                // The short form of GetAtt is "Resource.Attribute"; the attribute may itself contain dots.
                if (key.equals("Fn::GetAtt")) {
                    int dot = text.indexOf('.');
                    return dot < 0 ? List.of(text) : List.of(text.substring(0, dot), text.substring(dot + 1));
                }
                return text;
            }
            if (node instanceof SequenceNode sequence) {
                return constructSequence(sequence);
            }
            return constructMapping((MappingNode) node);
        }
    }
}
