//! A link's whole scene: every lab's settings read from a route and written back (`canonical`), the keys the
//! shell owns for every lab (`lang`, `present`), and which values of a hand-edited or stale link did not
//! survive that round trip (`rejected`), so the page can say once that they fell back to their defaults.

use crate::i18n::Lang;
use crate::labs::{
    activation::ActivationLabConfig,
    backprop::BackpropLabConfig,
    batchnorm::config::BatchnormLabConfig,
    cnn::{arith::ConvArithConfig, pool::PoolViewConfig},
    gradient::GradientLabConfig,
    linear_compose::LinearComposeConfig,
    loss::LossLabConfig,
    mnist::config::MnistLabConfig,
    optimizers::config::OptimizersLabConfig,
    perceptron::PerceptronLabConfig,
    playground::settings::PlaygroundConfig,
    softmax_demo::SoftmaxDemoConfig,
};
use crate::urlstate::Route;

/// The language of the page (`ko`, `en`).
pub const LANG_KEY: &str = "lang";

/// Keys any lab's link may carry that the shell handles (the language; present mode of the classroom work; a
/// lesson and its scene number).
pub const SHELL_KEYS: &[&str] = &[
    LANG_KEY,
    "present",
    crate::labs::lesson::LESSON_KEY,
    crate::labs::lesson::SCENE_KEY,
];

/// The lab's settings as its settings struct reads them from `route` and writes them back, in the lab's own
/// key order (shell keys and unknown keys dropped). `None` for a lab without settings.
pub fn canonical(route: &Route) -> Option<Route> {
    let mut out = Route::new(&route.lab);
    match route.lab.as_str() {
        "perceptron" => PerceptronLabConfig::read(route).write(&mut out),
        "activation" => {
            ActivationLabConfig::read(route).write(&mut out);
            LinearComposeConfig::read(route).write(&mut out);
            SoftmaxDemoConfig::read(route).write(&mut out);
        }
        "loss" => LossLabConfig::read(route).write(&mut out),
        "gradient" => GradientLabConfig::read(route).write(&mut out),
        "optimizers" => OptimizersLabConfig::read(route).write(&mut out),
        "backprop" => BackpropLabConfig::read(route).write(&mut out),
        "playground" => PlaygroundConfig::read(route).write(&mut out),
        "mnist" => MnistLabConfig::read(route).write(&mut out),
        "cnn" => {
            ConvArithConfig::read(route).write(&mut out);
            PoolViewConfig::read(route).write(&mut out);
            crate::labs::cnn::train_config::CnnTrainConfig::read(route).write(&mut out);
            crate::labs::cnn::race::RaceConfig::read(route).write(&mut out);
        }
        "batchnorm" => BatchnormLabConfig::read(route).write(&mut out),
        _ => return None,
    }
    Some(out)
}

/// The language a link asks for: `Ok(None)` without `lang`, `Err(value)` for a value that is neither language.
pub fn lang_of(route: &Route) -> Result<Option<Lang>, String> {
    match route.get(LANG_KEY) {
        None => Ok(None),
        Some(v) => match v {
            "ko" => Ok(Some(Lang::Ko)),
            "en" => Ok(Some(Lang::En)),
            _ => Err(v.to_string()),
        },
    }
}

/// `route` without the shell's keys: what the lab itself reads.
pub fn lab_part(route: &Route) -> Route {
    Route {
        lab: route.lab.clone(),
        params: route
            .params
            .iter()
            .filter(|(k, _)| !SHELL_KEYS.contains(&k.as_str()))
            .cloned()
            .collect(),
    }
}

/// `lab` followed by the shell keys of `shell` (the language first), e.g. a lab's canonical settings with the
/// page's language.
pub fn with_shell_keys(lab: &Route, shell: &Route) -> Route {
    let mut out = lab_part(lab);
    for key in SHELL_KEYS {
        if let Some(v) = shell.get(key) {
            out.set(key, v);
        }
    }
    out
}

/// The keys of `route` whose values the lab did not take as given: unknown keys (a stale link), values that
/// do not parse or lie out of range (they fell back to the default). A value written differently but equal
/// (`0.10` for `0.1`, `true` for `1`) is taken. A bad `lang` is reported too.
pub fn rejected(route: &Route) -> Vec<String> {
    let mut bad = Vec::new();
    if lang_of(route).is_err() {
        bad.push(LANG_KEY.to_string());
    }
    let Some(canon) = canonical(route) else {
        return bad;
    };
    for (k, v) in &lab_part(route).params {
        let ok = canon.get(k).is_some_and(|c| same_value(c, v));
        if !ok && !bad.contains(k) {
            bad.push(k.clone());
        }
    }
    bad
}

/// Equal as written, as numbers, as flags, or as lists of those.
fn same_value(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let flag = |s: &str| match s {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    };
    let one = |x: &str, y: &str| {
        x == y
            || matches!((x.parse::<f64>(), y.parse::<f64>()), (Ok(p), Ok(q)) if p == q)
            || matches!((flag(x), flag(y)), (Some(p), Some(q)) if p == q)
    };
    let (xs, ys): (Vec<&str>, Vec<&str>) = (a.split(',').collect(), b.split(',').collect());
    xs.len() == ys.len() && xs.iter().zip(&ys).all(|(x, y)| one(x, y))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::labs::catalog::LABS;

    #[test]
    fn every_lab_round_trips_its_own_settings() {
        for lab in LABS {
            let Some(c) = canonical(&Route::new(lab.id)) else {
                panic!("{} has no settings in links", lab.id);
            };
            assert!(!c.params.is_empty(), "{}", lab.id);
            // Written once, read back: nothing is rejected and nothing changes.
            let back = Route::parse(&c.to_hash());
            assert_eq!(rejected(&back), Vec::<String>::new(), "{}", lab.id);
            assert_eq!(canonical(&back).as_ref(), Some(&c), "{}", lab.id);
        }
    }

    #[test]
    fn bad_and_stale_values_are_named_and_fall_back() {
        let r = Route::parse("#gradient?lr=abc&sx=-3&zzz=1&lang=fr&present=1");
        assert_eq!(rejected(&r), vec!["lang", "lr", "zzz"]);
        let c = canonical(&r).unwrap();
        let d = canonical(&Route::new("gradient")).unwrap();
        assert_eq!(c.get("lr"), d.get("lr"));
        assert_eq!(c.get("zzz"), None);
        assert_eq!(lang_of(&r), Err("fr".to_string()));
        // Out of range is rejected too; a number written differently is not.
        let r = Route::parse("#perceptron?eta=1e9&w1=0.50&lang=ko");
        assert_eq!(rejected(&r), vec!["eta"]);
        assert_eq!(lang_of(&r), Ok(Some(Lang::Ko)));
        assert!(rejected(&Route::parse("#activation?d=true")).is_empty());
    }

    #[test]
    fn shell_keys_ride_along() {
        let shell = Route::parse("#x?lang=en&present=1&w1=3");
        let lab = Route::parse("#perceptron?w1=1&lang=ko");
        let out = with_shell_keys(&lab, &shell);
        assert_eq!(out.to_hash(), "#perceptron?w1=1&lang=en&present=1");
        assert_eq!(lab_part(&out).to_hash(), "#perceptron?w1=1");
    }
}
