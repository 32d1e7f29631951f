//! A lesson: scenes (a lab's link, with a title each) in the order a teacher presents them. It travels as one
//! link: the shell key `lesson` holds every scene as `title` TAB `#lab?settings`, one per line, and `scene` is
//! the one on screen; each scene's own link is a whole scene (settings, run steps), so nothing else is needed.

use crate::error::{Error, Result};
use crate::urlstate::Route;

/// At most this many scenes, each title at most `MAX_TITLE` characters: a lesson link stays a few KB.
pub const MAX_SCENES: usize = 40;
pub const MAX_TITLE: usize = 80;

/// The shell keys a lesson adds to a link.
pub const LESSON_KEY: &str = "lesson";
pub const SCENE_KEY: &str = "scene";

#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    pub title: String,
    /// The scene's link, `#lab?settings` (no shell keys).
    pub hash: String,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Lesson {
    pub scenes: Vec<Scene>,
}

impl Lesson {
    /// Add a scene at the end: its title trimmed (control characters dropped, at most `MAX_TITLE`
    /// characters; an empty one becomes "n."), its link without the shell's keys.
    pub fn add(&mut self, title: &str, route: &Route) -> Result<()> {
        if self.scenes.len() >= MAX_SCENES {
            return Err(Error::new("lesson.full", [MAX_SCENES]));
        }
        let mut title: String = title
            .chars()
            .filter(|c| !c.is_control())
            .take(MAX_TITLE)
            .collect::<String>()
            .trim()
            .to_string();
        if title.is_empty() {
            title = format!("{}.", self.scenes.len() + 1);
        }
        let hash = crate::labs::links::lab_part(route).to_hash();
        self.scenes.push(Scene { title, hash });
        Ok(())
    }

    /// The text a link carries (`title\t#hash` lines).
    pub fn to_text(&self) -> String {
        self.scenes
            .iter()
            .map(|s| format!("{}\t{}", s.title, s.hash))
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// A lesson from a link's text; a malformed one is refused with a message (the page then opens normally).
    pub fn from_text(text: &str) -> Result<Lesson> {
        let mut scenes = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let (title, hash) = line
                .split_once('\t')
                .ok_or_else(|| Error::new("lesson.bad", [scenes.len() + 1]))?;
            if !hash.starts_with('#') || title.chars().count() > MAX_TITLE {
                return Err(Error::new("lesson.bad", [scenes.len() + 1]));
            }
            scenes.push(Scene {
                title: title.trim().to_string(),
                hash: hash.to_string(),
            });
            if scenes.len() > MAX_SCENES {
                return Err(Error::new("lesson.full", [MAX_SCENES]));
            }
        }
        if scenes.is_empty() {
            return Err(Error::new("lesson.bad", [0]));
        }
        Ok(Lesson { scenes })
    }

    /// The link that presents scene `k`: its settings, then the lesson and the scene number.
    pub fn link(&self, k: usize) -> Option<Route> {
        let scene = self.scenes.get(k)?;
        let mut r = Route::parse(&scene.hash);
        r.set(LESSON_KEY, self.to_text());
        r.set(SCENE_KEY, k);
        Some(r)
    }

    /// The lesson and scene a link presents, if any: `Ok(None)` without a lesson.
    pub fn of(route: &Route) -> Result<Option<(Lesson, usize)>> {
        let Some(text) = route.get(LESSON_KEY) else {
            return Ok(None);
        };
        let lesson = Lesson::from_text(text)?;
        let k = route
            .get(SCENE_KEY)
            .and_then(|v| v.parse::<usize>().ok())
            .filter(|&k| k < lesson.scenes.len())
            .unwrap_or(0);
        Ok(Some((lesson, k)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lesson_travels_in_one_link_and_comes_back_the_same() {
        let mut l = Lesson::default();
        l.add("AND gate", &Route::parse("#perceptron?g=and&lang=ko"))
            .unwrap();
        l.add(
            "  Descent, lr 10 \n",
            &Route::parse("#gradient?tab=descent&lr=10&at=3"),
        )
        .unwrap();
        l.add("", &Route::parse("#mnist")).unwrap();
        assert_eq!(
            l.scenes[0].hash, "#perceptron?g=and",
            "shell keys are not part of a scene"
        );
        assert_eq!(l.scenes[1].title, "Descent, lr 10");
        assert_eq!(l.scenes[2].title, "3.");
        let link = l.link(1).unwrap();
        let back = Route::parse(&link.to_hash());
        assert_eq!(back.lab, "gradient");
        assert_eq!(back.get("at"), Some("3"));
        let (again, k) = Lesson::of(&back).unwrap().unwrap();
        assert_eq!((again, k), (l.clone(), 1));
        assert!(l.link(3).is_none());
    }

    #[test]
    fn bad_lessons_are_refused_and_the_size_is_bounded() {
        assert!(Lesson::of(&Route::parse("#loss")).unwrap().is_none());
        for bad in ["", "no tab here", "title\tnot-a-hash"] {
            let mut r = Route::new("loss");
            r.set(LESSON_KEY, bad);
            assert!(Lesson::of(&r).is_err(), "{bad:?}");
        }
        let mut l = Lesson::default();
        for _ in 0..MAX_SCENES {
            l.add(&"x".repeat(200), &Route::new("loss")).unwrap();
        }
        assert_eq!(l.scenes[0].title.chars().count(), MAX_TITLE);
        assert!(l.add("one more", &Route::new("loss")).is_err());
        // A scene number past the end opens the first scene.
        let mut r = l.link(0).unwrap();
        r.set(SCENE_KEY, 99);
        assert_eq!(Lesson::of(&r).unwrap().unwrap().1, 0);
    }
}
