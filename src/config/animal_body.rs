//! The body a task names: a worm (`Body(...)`, `bodies/worm.ron`) or a fly (`FlyBody(...)`,
//! `bodies/fly.ron`). The file's root struct name says which, so a task needs no species field.

use super::body_spec::BodySpec;
use super::fly_body_spec::{validate_fly_body, FlyBodySpec};
use super::{parse_ron, sha256_hex, ConfigError, Loaded};
use std::path::Path;

/// A validated body spec of either species.
#[derive(Debug, Clone)]
pub enum AnimalBody {
    /// C. elegans: a chain of segments with body-wall muscles.
    Worm(BodySpec),
    /// Drosophila: a rigid body on six legs with position-controlled joints.
    Fly(FlyBodySpec),
}

impl AnimalBody {
    /// The species' short name, for messages and manifests.
    pub fn species(&self) -> &'static str {
        match self {
            AnimalBody::Worm(_) => "worm",
            AnimalBody::Fly(_) => "fly",
        }
    }

    /// Its size in words, e.g. "24 segments, 95 muscles".
    pub fn describe(&self) -> String {
        match self {
            AnimalBody::Worm(spec) => format!("{} segments, {} muscles", spec.segments, spec.muscles.len()),
            AnimalBody::Fly(spec) => format!("{} legs, {} joints per leg", spec.legs.len(), super::fly_body_spec::LegJoint::ALL.len()),
        }
    }

    /// Leg names in the body's leg order (empty for a legless body).
    pub fn leg_names(&self) -> Vec<String> {
        match self {
            AnimalBody::Worm(_) => Vec::new(),
            AnimalBody::Fly(spec) => spec.legs.iter().map(|l| l.name.clone()).collect(),
        }
    }

    /// The worm spec, or None for another species.
    pub fn worm(&self) -> Option<&BodySpec> {
        match self {
            AnimalBody::Worm(spec) => Some(spec),
            AnimalBody::Fly(_) => None,
        }
    }
}

/// The identifier before the first `(` outside comments: the RON root struct's name.
fn root_name(text: &str) -> &str {
    let mut rest = text;
    loop {
        rest = rest.trim_start();
        if let Some(after) = rest.strip_prefix("//") {
            rest = after.split_once('\n').map_or("", |(_, tail)| tail);
        } else if let Some(after) = rest.strip_prefix("/*") {
            rest = after.split_once("*/").map_or("", |(_, tail)| tail);
        } else {
            break;
        }
    }
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
    &rest[..end]
}

/// Loads and validates a body file of either species.
pub fn load_body(path: &Path) -> Result<Loaded<AnimalBody>, ConfigError> {
    let bytes = std::fs::read(path).map_err(|source| ConfigError::Io { path: path.to_path_buf(), source })?;
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let sha256 = sha256_hex(&bytes);
    match root_name(&text) {
        "FlyBody" => {
            let loaded = Loaded { spec: parse_ron::<FlyBodySpec>(path, &text)?, path: path.to_path_buf(), sha256, text };
            validate_fly_body(&loaded)?;
            Ok(Loaded { spec: AnimalBody::Fly(loaded.spec), path: loaded.path, sha256: loaded.sha256, text: loaded.text })
        }
        // A worm body, or a file that is neither: the worm parser's error names what it expected.
        _ => {
            let loaded = Loaded { spec: parse_ron::<BodySpec>(path, &text)?, path: path.to_path_buf(), sha256, text };
            crate::body::worm::validate_body(&loaded)?;
            Ok(worm_body(loaded))
        }
    }
}

/// Wraps a validated worm body spec.
pub fn worm_body(loaded: Loaded<BodySpec>) -> Loaded<AnimalBody> {
    Loaded { spec: AnimalBody::Worm(loaded.spec), path: loaded.path, sha256: loaded.sha256, text: loaded.text }
}

#[cfg(test)]
mod tests {
    use super::root_name;

    #[test]
    fn the_root_name_skips_comments() {
        assert_eq!(root_name("// a\n/* b */\n  FlyBody(\n"), "FlyBody");
        assert_eq!(root_name("Body(segments: 2)"), "Body");
        assert_eq!(root_name("// only a comment"), "");
    }
}
