//! Expanding a sweep's variant generators into concrete brains (and bodies). Every variant is
//! resolved against the parsed base files here, before any job runs: an unknown parameter path, a
//! value of the wrong type or a perturbation of a brain that cannot take one fails with the sweep
//! file, line and the variant's name.

use super::parameters::set_path;
use crate::config::body_spec::BodySpec;
use crate::config::brain_spec::{BrainModelSpec, BrainSpec};
use crate::config::connectome_spec::{ConnectomeEdit, Perturbations};
use crate::config::sweep_spec::{ParameterValue, SweepSpec, VariantSpec};
use crate::config::{locate_field, ConfigError, Loaded};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// Name of the unchanged base brain.
pub const INTACT: &str = "intact";

/// One concrete variant.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Unique name in the sweep.
    pub name: String,
    /// What differs from the base (parameters, ablate, silence, edits), for tables and plan.json.
    pub changes: Value,
    /// The brain to run.
    pub brain: BrainSpec,
    /// The body replacing the tasks' (when the sweep names one).
    pub body: Option<BodySpec>,
    /// Text of the sweep file that generated it (a name, path or neuron), to locate errors.
    pub origin: String,
}

/// What one variant changes, before it is applied.
#[derive(Debug, Clone, Default)]
struct Changes {
    name: String,
    origin: String,
    parameters: Vec<ParameterValue>,
    ablate: Vec<String>,
    silence: Vec<String>,
    edits: Vec<ConnectomeEdit>,
}

/// The sweep's variants in file order (`intact` first when the sweep asks for it).
pub fn expand(sweep: &Loaded<SweepSpec>, brain: &Loaded<BrainSpec>, body: Option<&Loaded<BodySpec>>) -> Result<Vec<Variant>, ConfigError> {
    let mut all = Vec::new();
    if sweep.spec.intact {
        all.push(Changes { name: INTACT.into(), ..Changes::default() });
    }
    for generator in &sweep.spec.variants {
        all.extend(generate(sweep, generator)?);
    }
    if all.is_empty() {
        return Err(sweep.invalid("variants", "the sweep has no variants (and `intact: false`)"));
    }
    let mut variants: Vec<Variant> = Vec::with_capacity(all.len());
    for changes in all {
        if variants.iter().any(|v| v.name == changes.name) {
            return Err(sweep.invalid("variants", format!("two variants are named `{}`; names must be unique", changes.name)));
        }
        variants.push(apply(sweep, brain, body, changes)?);
    }
    Ok(variants)
}

fn generate(sweep: &Loaded<SweepSpec>, generator: &VariantSpec) -> Result<Vec<Changes>, ConfigError> {
    Ok(match generator {
        VariantSpec::Variant { name, parameters, ablate, silence, edits } => {
            vec![Changes { name: name.clone(), origin: format!("\"{name}\""), parameters: parameters.clone(), ablate: ablate.clone(), silence: silence.clone(), edits: edits.clone() }]
        }
        VariantSpec::AblateEach(neurons) => neurons.iter().map(|n| Changes { name: format!("ablate_{n}"), origin: format!("\"{n}\""), ablate: vec![n.clone()], ..Changes::default() }).collect(),
        VariantSpec::SilenceEach(neurons) => neurons.iter().map(|n| Changes { name: format!("silence_{n}"), origin: format!("\"{n}\""), silence: vec![n.clone()], ..Changes::default() }).collect(),
        VariantSpec::Grid(axes) => {
            if axes.iter().any(|a| a.values.is_empty()) {
                return Err(sweep.invalid("Grid", "every grid axis needs at least one value"));
            }
            let mut combos: Vec<Vec<ParameterValue>> = vec![Vec::new()];
            for axis in axes {
                combos = combos.into_iter().flat_map(|combo| axis.values.iter().map(move |v| {
                    let mut c = combo.clone();
                    c.push(ParameterValue { path: axis.path.clone(), value: v.clone() });
                    c
                })).collect();
            }
            combos.into_iter().map(|parameters| {
                let name = parameters.iter().map(|p| format!("{}={}", p.path.rsplit('.').next().unwrap_or(&p.path), p.value)).collect::<Vec<_>>().join(",");
                let origin = parameters.first().map(|p| format!("\"{}\"", p.path)).unwrap_or_default();
                Changes { name, origin, parameters, ..Changes::default() }
            }).collect()
        }
    })
}

fn apply(sweep: &Loaded<SweepSpec>, brain: &Loaded<BrainSpec>, body: Option<&Loaded<BodySpec>>, changes: Changes) -> Result<Variant, ConfigError> {
    let name = &changes.name;
    let fail = |message: String| variant_error(sweep, &changes.origin, name, message);
    let mut brain_tree = to_tree(&brain.spec);
    let mut body_tree = body.map(|b| to_tree(&b.spec));
    for p in &changes.parameters {
        let (tree, path, file) = match p.path.strip_prefix("body.") {
            Some(rest) => match body_tree.as_mut() {
                Some(tree) => (tree, rest, body.map(|b| b.path.display().to_string()).unwrap_or_default()),
                None => return Err(fail(format!("parameter `{}` edits the body, but the sweep names no `body` file", p.path))),
            },
            None => (&mut brain_tree, p.path.as_str(), brain.path.display().to_string()),
        };
        set_path(tree, path, p.value.clone()).map_err(|m| fail(format!("parameter `{}` (in {file}): {m}", p.path)))?;
    }
    let mut brain_spec: BrainSpec = from_tree(brain_tree).map_err(|m| fail(format!("the brain does not accept the parameters: {m}")))?;
    let body_spec: Option<BodySpec> = body_tree.map(from_tree).transpose().map_err(|m| fail(format!("the body does not accept the parameters: {m}")))?;
    let perturbations = Perturbations { ablate: changes.ablate.clone(), silence: changes.silence.clone(), stimulate: Vec::new() };
    brain_spec.add_perturbations(&perturbations).map_err(fail)?;
    if !changes.edits.is_empty() {
        match &mut brain_spec.model {
            BrainModelSpec::Connectome(spec) => spec.edits.extend(changes.edits.iter().cloned()),
            _ => return Err(fail(format!("connectome edits need a connectome brain; `{}` is not one", brain.spec.name))),
        }
    }
    let parameters: Vec<Value> = changes.parameters.iter().map(|p| json!({"path": p.path, "value": p.value})).collect();
    let changes_json = json!({"parameters": parameters, "ablate": changes.ablate, "silence": changes.silence, "edits": changes.edits});
    Ok(Variant { name: changes.name, changes: changes_json, brain: brain_spec, body: body_spec, origin: changes.origin })
}

/// An error about one variant, located at the first line of the sweep file holding `origin` (its
/// name, parameter path or neuron) after `variants:`, else at `variants:` itself.
pub fn variant_error(sweep: &Loaded<SweepSpec>, origin: &str, name: &str, message: String) -> ConfigError {
    let (start, start_column) = locate_field(&sweep.text, "variants");
    let found = sweep.text.lines().enumerate().skip(start.saturating_sub(1)).filter(|_| !origin.is_empty())
        .find_map(|(i, l)| l.split("//").next().unwrap_or("").find(origin).map(|c| (i + 1, c + 1)));
    let (line, column) = found.unwrap_or((start, start_column));
    ConfigError::Invalid { path: sweep.path.clone(), line, column, field: "variants".into(), message: format!("variant `{name}`: {message}") }
}

fn to_tree<T: Serialize>(spec: &T) -> Value {
    serde_json::to_value(spec).expect("specs hold only strings, numbers, lists and maps")
}

fn from_tree<T: DeserializeOwned>(tree: Value) -> Result<T, String> {
    serde_path_to_error::deserialize(tree).map_err(|e| format!("field `{}`: {}", e.path(), e.inner()))
}
