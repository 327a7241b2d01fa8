//! The tables that are not built into the page's wasm, fetched from `i18n/<stem>.json` beside
//! index.html and installed into [`crate::i18n`]: Chinese (the page is built without feature
//! `zh-table`) the first time it is chosen, and the English narration of the lessons (built
//! without `en-narration`) right after the first frame.
//!
//! The one-file build (`scripts/single-file.sh`) fetches nothing: it puts each table's text in
//! the global `txscopeI18n` (`{ "zh": "[[...]]", "en-narration": "[[...]]" }`), which is read
//! first.

use crate::i18n::{self, Lang, TableError, Words};
use std::borrow::Cow;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a language's table could not be had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoadError {
    /// The request failed (offline, a sandbox without CORS, a page opened from disk).
    Fetch { url: String },
    /// The server answered, but not with the file.
    Status { url: String, status: u16 },
    /// The file is not this app's table.
    Table(TableError),
}

impl Words for LoadError {
    fn key(&self) -> Cow<'static, str> {
        match self {
            LoadError::Fetch { .. } => "error.language_fetch".into(),
            LoadError::Status { .. } => "error.language_status".into(),
            LoadError::Table(e) => e.key(),
        }
    }

    fn args(&self, lang: Lang) -> Vec<(&'static str, String)> {
        match self {
            LoadError::Fetch { url } => vec![("url", url.clone())],
            LoadError::Status { url, status } => {
                vec![("url", url.clone()), ("status", status.to_string())]
            }
            LoadError::Table(e) => e.args(lang),
        }
    }
}

/// The sentence the page shows when `lang` could not be loaded, in English (the language the page
/// then stays in).
pub fn failure_message(lang: Lang, error: &LoadError) -> String {
    i18n::tf(
        Lang::En,
        "error.language",
        &[
            ("language", lang.native_name()),
            ("reason", &error.say(Lang::En)),
        ],
    )
}

/// Makes `lang`'s strings available: at once if they are built in or were loaded before, else from
/// the one-file build's global or by fetching the table file.
pub async fn load(lang: Lang) -> Result<(), LoadError> {
    if i18n::is_ready(lang) {
        return Ok(());
    }
    let text = table_text(lang.file_stem()).await?;
    i18n::install(lang, &text).map_err(LoadError::Table)
}

/// The file the English narration comes in (`static/i18n/en-narration.json`).
pub const NARRATION_STEM: &str = "en-narration";

/// Makes the lessons' English narration available (at once if it is built in or was loaded).
pub async fn load_narration() -> Result<(), LoadError> {
    if i18n::narration_ready(Lang::En) {
        return Ok(());
    }
    let text = table_text(NARRATION_STEM).await?;
    i18n::install_narration(&text).map_err(LoadError::Table)
}

/// A table file's text: from the one-file build's global, else fetched.
async fn table_text(stem: &str) -> Result<String, LoadError> {
    match inline_table(stem) {
        Some(text) => Ok(text),
        None => fetch_table(stem).await,
    }
}

/// The table's text from `window.txscopeI18n[stem]`, if the page carries it.
fn inline_table(stem: &str) -> Option<String> {
    let tables = js_sys::Reflect::get(&js_sys::global(), &"txscopeI18n".into()).ok()?;
    if tables.is_undefined() || tables.is_null() {
        return None;
    }
    js_sys::Reflect::get(&tables, &stem.into())
        .ok()?
        .as_string()
}

/// `GET i18n/<stem>.json`, relative to the page (so the bundle works from any sub-path).
async fn fetch_table(stem: &str) -> Result<String, LoadError> {
    let url = format!("i18n/{stem}.json");
    let failed = || LoadError::Fetch { url: url.clone() };
    let window = web_sys::window().ok_or_else(failed)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .map_err(|_| failed())?
        .dyn_into()
        .map_err(|_: JsValue| failed())?;
    if !response.ok() {
        return Err(LoadError::Status {
            url,
            status: response.status(),
        });
    }
    let text = JsFuture::from(response.text().map_err(|_| failed())?)
        .await
        .map_err(|_| failed())?;
    text.as_string().ok_or_else(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_names_the_language_and_the_reason() {
        let e = LoadError::Status {
            url: "i18n/zh.json".into(),
            status: 404,
        };
        assert_eq!(
            failure_message(Lang::Zh, &e),
            "The 简体中文 text could not be loaded (i18n/zh.json answered 404); the page stays in English."
        );
        let e = LoadError::Table(TableError::Missing { key: "app.title" });
        assert!(failure_message(Lang::Zh, &e).contains("the file has no string for app.title"));
    }
}
