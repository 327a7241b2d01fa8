//! Component tests in headless Chromium (scripts/test-web.sh): the root app, and leaf
//! components mounted alone with data and a recording callback.

use super::state::{Action, Target};
use super::topology::{Props as TopoProps, TopologyView};
use super::App;
use crate::model::{MsgId, NodeId};
use crate::view::{status, topology, traffic};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use yew::prelude::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> web_sys::Element {
    let document = gloo::utils::document();
    let root = document.create_element("div").expect("div");
    gloo::utils::body().append_child(&root).expect("append");
    root
}

fn text(root: &web_sys::Element, selector: &str) -> String {
    root.query_selector(selector)
        .ok()
        .flatten()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

fn click(root: &web_sys::Element, selector: &str) {
    let el = root
        .query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("{selector} not found"));
    // A bubbling click, as a pointer makes (SVG elements have no `click()`).
    let f = js_sys::Function::new_with_args(
        "el",
        "el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }))",
    );
    f.call1(&wasm_bindgen::JsValue::NULL, &el)
        .expect("dispatch");
}

#[wasm_bindgen_test]
async fn the_app_opens_on_the_happy_preset_and_steps() {
    let root = fresh_root();
    yew::Renderer::<App>::with_root(root.clone()).render();
    yew::scheduler::flush().await;
    assert_eq!(text(&root, "h1"), "TxScope");
    assert!(text(&root, "#verdict").contains("Running: 0 of 4 nodes decided"));
    assert_eq!(
        root.query_selector_all("g.node")
            .map(|l| l.length())
            .unwrap_or(0),
        4
    );
    assert_eq!(text(&root, "#position"), "event 0 / 65 · t = 0 ms");

    for _ in 0..3 {
        let b: web_sys::HtmlElement = root
            .query_selector("#step")
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into().ok())
            .expect("step button");
        b.click();
        yew::scheduler::flush().await;
    }
    assert_eq!(text(&root, "#position"), "event 3 / 65 · t = 0 ms");
    assert_eq!(
        text(&root, "#announce"),
        "Event 3 of 65 at 0 ms: C sends PREPARE to P1 (m0)"
    );
    // m0 is on its way to the broker: one pill, labelled.
    assert_eq!(text(&root, "g.dot text"), "PREPARE");
}

#[wasm_bindgen_test]
async fn clicking_a_message_asks_for_its_menu() {
    let scenario = crate::presets::preset("2pc-happy").expect("preset");
    let mut run = crate::session::start(&scenario, 1000).expect("run");
    run.seek(11);
    let topo = topology::layout(&run.nodes(), &run.groups(), true);
    let traffic = traffic::layout(&topo, &run.messages(), run.vanished(), run.now() as f64);
    let got: Rc<RefCell<Vec<Action>>> = Rc::default();
    let sink = got.clone();
    let props = TopoProps {
        topo,
        traffic,
        selected: None,
        picked: vec![],
        menu: None,
        dispatch: Callback::from(move |a: Action| sink.borrow_mut().push(a)),
    };
    let root = fresh_root();
    yew::Renderer::<TopologyView>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    // Two PREPAREs on their way from the broker, one taken from P1's queue (dashed chip).
    assert_eq!(
        root.query_selector_all("g.dot")
            .map(|l| l.length())
            .unwrap_or(0),
        2
    );
    assert_eq!(
        root.query_selector_all("g.chip.unacked")
            .map(|l| l.length())
            .unwrap_or(0),
        1
    );
    click(&root, "g.dot[aria-label^='m1 PREPARE']");
    click(&root, "g.node[aria-label^='P2,']");
    assert_eq!(
        *got.borrow(),
        [
            Action::OpenMenu(Some(Target::Message(MsgId(1)))),
            Action::OpenMenu(Some(Target::Node(NodeId(2)))),
        ]
    );
}

#[wasm_bindgen_test]
async fn a_violation_alert_jumps_to_its_event() {
    let scenario = crate::presets::preset("3pc-partition-violation").expect("preset");
    let run = crate::session::start(&scenario, 20_000).expect("run");
    let lang = crate::i18n::Lang::En;
    let s = status::status(&run.nodes(), run.violations(), run.terminated(), true, lang);
    let got: Rc<RefCell<Vec<Action>>> = Rc::default();
    let sink = got.clone();
    let props = super::panels::StatusProps {
        status: s,
        dispatch: Callback::from(move |a: Action| sink.borrow_mut().push(a)),
    };
    let root = fresh_root();
    yew::Renderer::<super::panels::StatusPanel>::with_root_and_props(root.clone(), props).render();
    yew::scheduler::flush().await;
    assert!(text(&root, "#verdict").contains("Agreement violated (2 times so far)"));
    assert!(text(&root, ".alert").contains("Agreement violated at event #80"));
    click(&root, ".alert button");
    assert_eq!(*got.borrow(), [Action::Seek(81)]);
}
