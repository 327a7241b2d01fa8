//! The browser app (feature `web`): a Yew front end over a [`crate::session::Run`].
//!
//! The model is [`state`] (one `State`, one `Action` enum, one reducer that calls into the
//! session); the pictures are laid out by [`crate::view`] and only mapped to SVG here. The app
//! holds no protocol logic: it shows the core's values and sends it commands.

pub mod app;
pub mod controls;
pub mod embed;
pub mod explorer;
pub mod explorer_worker;
pub mod files;
pub mod hooks;
pub mod inspector;
pub mod language;
pub mod lesson;
pub mod panels;
pub mod sequence;
pub mod settings;
pub mod startup;
pub mod state;
pub mod topology;

pub use app::App;

/// Mount [`App`] into `<div id="app">` if the page has one, else into `<body>`.
pub fn mount() {
    let root = gloo::utils::document().get_element_by_id("app");
    match root {
        Some(root) => {
            yew::Renderer::<App>::with_root(root).render();
        }
        None => {
            yew::Renderer::<App>::new().render();
        }
    }
}

/// The `value` of an event's target: inputs, selects and text areas all have one, and reading it
/// reflectively needs no element-specific binding. Empty if there is none.
pub fn value_of(e: &yew::Event) -> String {
    e.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"value".into()).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// A button's label with a symbol before it (▶ Play): the symbol is for the eye only, so a screen
/// reader says "Play", not the symbol's Unicode name.
pub fn iconed(icon: &'static str, text: &str) -> yew::Html {
    yew::html! { <><span class="icon" aria-hidden="true">{ icon }</span>{ " " }{ text.to_string() }</> }
}

/// An SVG `<defs>` with one arrowhead marker called `id`, for lines' `marker-end`
/// (`url(#id)`): the sequence diagram's arrows and the state machine's edges.
pub fn arrowhead(id: &'static str) -> yew::Html {
    yew::html! {
        <defs>
            <marker {id} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6"
                    markerHeight="6" orient="auto-start-reverse">
                <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
            </marker>
        </defs>
    }
}

/// Wasm entry point: wasm-bindgen calls this once the module is instantiated
/// (the Trunk-generated loader in index.html triggers it).
///
/// Not compiled into this crate's own unit-test binary, so wasm-bindgen-test
/// pages start empty; tests mount what they need with `Renderer::with_root`.
#[cfg_attr(not(test), wasm_bindgen::prelude::wasm_bindgen(start))]
pub fn start() {
    mount();
}

#[cfg(all(test, target_arch = "wasm32"))]
mod tests;
