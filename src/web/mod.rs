//! The browser app (feature `web`).
//!
//! Placeholder: a heading and a counter button, just enough to prove the
//! build/test pipeline (Trunk bundle, wasm-bindgen-test in headless Chromium,
//! Playwright e2e). Replace `App` with the real UI; keep [`start`] as the entry.

use yew::prelude::*;

/// Root component.
#[component]
pub fn App() -> Html {
    let count = use_state(|| 0u32);
    let onclick = {
        let count = count.clone();
        Callback::from(move |_: MouseEvent| count.set(*count + 1))
    };
    html! {
        <main class="txscope">
            <h1>{ "TxScope" }</h1>
            <button id="counter" type="button" {onclick}>
                { format!("Clicked {} times", *count) }
            </button>
        </main>
    }
}

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
mod tests {
    use super::App;
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;

    wasm_bindgen_test_configure!(run_in_browser);

    fn fresh_root() -> web_sys::Element {
        let document = gloo::utils::document();
        let root = document.create_element("div").unwrap();
        gloo::utils::body().append_child(&root).unwrap();
        root
    }

    #[wasm_bindgen_test]
    async fn renders_heading_and_counts_clicks() {
        let root = fresh_root();
        yew::Renderer::<App>::with_root(root.clone()).render();
        yew::scheduler::flush().await;

        let heading = root.query_selector("h1").unwrap().expect("h1 rendered");
        assert_eq!(heading.text_content().as_deref(), Some("TxScope"));

        let button: web_sys::HtmlElement = root
            .query_selector("button#counter")
            .unwrap()
            .expect("button rendered")
            .dyn_into()
            .unwrap();
        assert_eq!(button.text_content().as_deref(), Some("Clicked 0 times"));

        button.click();
        yew::scheduler::flush().await;
        assert_eq!(button.text_content().as_deref(), Some("Clicked 1 times"));

        button.click();
        button.click();
        yew::scheduler::flush().await;
        assert_eq!(button.text_content().as_deref(), Some("Clicked 3 times"));
    }
}
