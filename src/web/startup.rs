//! What the app does at start and while the page is open, outside the reducer: it opens the
//! browser's language, the saved lesson progress and the link in the URL; keeps the page's
//! `lang` attribute and the saved progress up to date; fetches a language's table when it is
//! chosen; and opens a link pasted into the address bar of an open app.

use super::embed;
use super::state::{Action, State};
use crate::i18n::{t, Lang, Words};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The start-up effects: the browser's language, saved progress and the URL's link, once; the
/// page's `lang` attribute and saving progress, whenever they change.
#[hook]
pub fn use_startup(state: &UseReducerHandle<State>) {
    // At start: the browser's language, saved lesson progress, then a share link in the URL
    // (which may set the language itself).
    {
        let d = state.dispatcher();
        use_effect_with((), move |_| {
            d.dispatch(Action::SetLang(browser_lang()));
            match embed::load_progress() {
                Ok(p) => d.dispatch(Action::LoadProgress(p)),
                Err(p) => {
                    d.dispatch(Action::LoadProgress(p));
                    d.dispatch(Action::Error(t(browser_lang(), "error.progress").into()));
                }
            }
            if let Some(fragment) = start_fragment() {
                d.dispatch(Action::OpenLink(fragment));
            }
            // After the first frame: the lessons' narration, which the page's wasm leaves out.
            wasm_bindgen_futures::spawn_local(async move {
                let result = super::language::load_narration().await.map_err(|e| {
                    crate::i18n::tf(Lang::En, "error.narration", &[("reason", &e.say(Lang::En))])
                });
                d.dispatch(Action::NarrationArrived(result));
            });
        });
    }
    use_effect_with(state.lang, |&lang| {
        if let Some(root) = gloo::utils::document().document_element() {
            let _ = root.set_attribute("lang", lang.tag());
        }
    });
    use_effect_with(state.progress.clone(), |p| {
        if **p != crate::lessons::Progress::default() {
            embed::save_progress(p);
        }
    });
}

/// A language whose table is not in the wasm (Chinese) is fetched when chosen (the reducer holds
/// it in [`State::pending_lang`] meanwhile); when it arrives the language is set again, now with
/// its strings; if it cannot come, the page stays in its language and says why.
#[hook]
pub fn use_language_tables(state: &UseReducerHandle<State>) {
    let d = state.dispatcher();
    use_effect_with(state.pending_lang, move |&pending| {
        if let Some(lang) = pending {
            wasm_bindgen_futures::spawn_local(async move {
                match super::language::load(lang).await {
                    Ok(()) => d.dispatch(Action::SetLang(lang)),
                    Err(e) => d.dispatch(Action::LanguageFailed(
                        lang,
                        super::language::failure_message(lang, &e),
                    )),
                }
            });
        }
    });
}

/// Opens a link pasted into the address bar of the open app. Returns the fragment this page
/// wrote itself (the share button sets it), which is not opened again.
#[hook]
pub fn use_pasted_links(state: &UseReducerHandle<State>) -> Rc<RefCell<String>> {
    // A link pasted into the address bar of an open app changes only the fragment: open it too
    // (but not the fragment this page just wrote itself).
    let written = use_mut_ref(String::new);
    {
        let d = state.dispatcher();
        let written = written.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo::events::EventListener::new(&w, "hashchange", move |_| {
                    let Some(fragment) = start_fragment() else {
                        return;
                    };
                    if *written.borrow() != fragment {
                        d.dispatch(Action::OpenLink(fragment));
                    }
                })
            });
            move || drop(listener)
        });
    }
    written
}

/// The language the browser prefers (`navigator.languages`, then `navigator.language`).
fn browser_lang() -> Lang {
    let Some(nav) = web_sys::window().map(|w| w.navigator()) else {
        return Lang::En;
    };
    let list: Vec<String> = js_sys::Reflect::get(&nav, &"languages".into())
        .ok()
        .filter(js_sys::Array::is_array)
        .map(|v| {
            js_sys::Array::from(&v)
                .iter()
                .filter_map(|x| x.as_string())
                .collect()
        })
        .unwrap_or_default();
    if list.is_empty() {
        return nav.language().map_or(Lang::En, |l| Lang::from_tag(&l));
    }
    Lang::negotiate(list.iter().map(String::as_str))
}

/// The URL fragment to open at start, if any. A fragment without a run (`#lang=zh`,
/// `#embed=1&ro=1`) applies to the default scenario.
fn start_fragment() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    let fragment = hash.trim_start_matches('#');
    if fragment.is_empty() {
        return None;
    }
    let has_run = fragment
        .split('&')
        .any(|p| p.starts_with("v1=") || p == "v1");
    let looks_versioned = fragment.split('&').any(|p| {
        p.starts_with('v')
            && p[1..]
                .split('=')
                .next()
                .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    });
    if has_run || looks_versioned {
        return Some(fragment.to_string());
    }
    let scenario = crate::presets::preset(super::state::FIRST_PRESET).ok()?;
    let base = crate::share::Link {
        scenario,
        ..crate::share::Link::default()
    };
    Some(format!("{}&{fragment}", base.to_fragment()))
}
