//! Setting a parameter by dotted path in a spec serialised to a JSON tree. The tree has exactly the
//! fields the spec has (defaults included), so a path that does not reach an existing field is an
//! unknown parameter; re-deserialising the edited tree checks the value's type.

use serde_json::Value;

/// Sets the field at `path` (e.g. `model.neuron.gap_conductance_ps`, `model.encoders.9.gain_pa`).
/// An enum's variant name may be left out of the path (`model.neuron` for `model.Connectome.neuron`).
pub fn set_path(tree: &mut Value, path: &str, value: Value) -> Result<(), String> {
    let mut node = tree;
    let mut walked = String::new();
    for segment in path.split('.') {
        node = step(node, segment, &walked)?;
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(segment);
    }
    *node = value;
    Ok(())
}

fn step<'a>(node: &'a mut Value, segment: &str, walked: &str) -> Result<&'a mut Value, String> {
    let at = if walked.is_empty() { "the top level".to_string() } else { format!("`{walked}`") };
    let is_enum = |map: &serde_json::Map<String, Value>| map.len() == 1 && map.keys().all(|k| k.starts_with(|c: char| c.is_ascii_uppercase()));
    let (has_field, enum_wrapper) = match &*node {
        Value::Object(map) => (map.contains_key(segment), is_enum(map)),
        _ => (false, false),
    };
    if has_field {
        return Ok(node.get_mut(segment).expect("checked"));
    }
    if enum_wrapper {
        // An externally tagged enum, {"Connectome": {...}}: look inside the variant.
        let inner = node.as_object_mut().and_then(|m| m.values_mut().next()).expect("one entry");
        return step(inner, segment, walked);
    }
    match node {
        Value::Object(map) => {
            let fields: Vec<&str> = map.keys().map(String::as_str).collect();
            Err(format!("unknown parameter: no field `{segment}` at {at} (fields there: {})", fields.join(", ")))
        }
        Value::Array(items) => {
            let len = items.len();
            let index: usize = segment.parse().map_err(|_| format!("{at} is a list: `{segment}` must be an index below {len}"))?;
            items.get_mut(index).ok_or_else(|| format!("{at} has {len} items: no index {index}"))
        }
        _ => Err(format!("unknown parameter: {at} is a single value, it has no field `{segment}`")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_reach_fields_through_enum_variants_and_lists_and_nothing_else() {
        let mut tree = json!({"model": {"Connectome": {"neuron": {"gap_conductance_ps": 25.6}, "encoders": [{"gain_pa": 1.0}]}}});
        set_path(&mut tree, "model.neuron.gap_conductance_ps", json!(30.0)).unwrap();
        set_path(&mut tree, "model.Connectome.encoders.0.gain_pa", json!(2.0)).unwrap();
        assert_eq!(tree["model"]["Connectome"]["neuron"]["gap_conductance_ps"], json!(30.0));
        assert_eq!(tree["model"]["Connectome"]["encoders"][0]["gain_pa"], json!(2.0));
        let typo = set_path(&mut tree, "model.neuron.gap_conductance_pS", json!(1.0)).unwrap_err();
        assert!(typo.contains("no field `gap_conductance_pS` at `model.neuron`"), "{typo}");
        assert!(set_path(&mut tree, "model.encoders.3.gain_pa", json!(1.0)).unwrap_err().contains("no index 3"));
        assert!(set_path(&mut tree, "model.neuron.gap_conductance_ps.x", json!(1.0)).is_err());
    }
}
