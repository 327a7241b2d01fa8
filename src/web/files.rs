//! Files in and out of the page: the run as JSON ([`crate::export`]), the sequence diagram as
//! SVG and PNG, and reading a chosen file. Nothing here panics: a step that the browser refuses
//! returns `None`, and the caller shows a message.

use crate::view::num;
use gloo::events::EventListener;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};

/// Saves `blob` as a download called `name`.
fn save(name: &str, blob: &web_sys::Blob) -> Option<()> {
    let url = web_sys::Url::create_object_url_with_blob(blob).ok()?;
    let doc = gloo::utils::document();
    let a: web_sys::HtmlAnchorElement = doc.create_element("a").ok()?.dyn_into().ok()?;
    a.set_href(&url);
    a.set_download(name);
    let body = doc.body()?;
    body.append_child(&a).ok()?;
    a.click();
    a.remove();
    // Give the download a moment to start before the URL goes.
    gloo::timers::callback::Timeout::new(2_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Some(())
}

fn text_blob(text: &str, mime: &str) -> Option<web_sys::Blob> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()
}

/// Saves text as a download.
pub fn save_text(name: &str, mime: &str, text: &str) -> Option<()> {
    save(name, &text_blob(text, mime)?)
}

/// Every CSS rule the page's own style sheets hold (the diagram's look travels with it).
fn page_css() -> String {
    let sheets = gloo::utils::document().style_sheets();
    let mut css = String::new();
    for i in 0..sheets.length() {
        let Some(sheet) = sheets
            .item(i)
            .and_then(|s| s.dyn_into::<web_sys::CssStyleSheet>().ok())
        else {
            continue;
        };
        let Ok(rules) = sheet.css_rules() else {
            continue;
        };
        for k in 0..rules.length() {
            if let Some(r) = rules.item(k) {
                css.push_str(&r.css_text());
                css.push('\n');
            }
        }
    }
    css
}

/// The sequence diagram as a standalone SVG document: the picture, its lane names and the
/// page's styles. Returns (text, width, height).
pub fn sequence_svg() -> Option<(String, f64, f64)> {
    let doc = gloo::utils::document();
    let svg = doc.query_selector(".sequence-scroll svg").ok()??;
    let copy: web_sys::Element = svg.clone_node_with_deep(true).ok()?.dyn_into().ok()?;
    let ns = "http://www.w3.org/2000/svg";
    copy.set_attribute("xmlns", ns).ok()?;
    // `.sequence .x` rules match inside the copy too.
    copy.set_attribute("class", "sequence").ok()?;
    let width = crate::numtext::parse(&svg.get_attribute("width")?)?;
    let height = crate::numtext::parse(&svg.get_attribute("height")?)?;
    let style = doc.create_element_ns(Some(ns), "style").ok()?;
    style.set_text_content(Some(&format!(
        "{}\nsvg.sequence {{ font-family: system-ui, sans-serif; }}",
        page_css()
    )));
    let bg = doc.create_element_ns(Some(ns), "rect").ok()?;
    for (k, v) in [
        ("width", "100%"),
        ("height", "100%"),
        ("style", "fill: var(--panel)"),
    ] {
        bg.set_attribute(k, v).ok()?;
    }
    let first = copy.first_child();
    copy.insert_before(&style, first.as_ref()).ok()?;
    copy.insert_before(&bg, first.as_ref()).ok()?;
    // The cursor and the veil over the future are an HTML layer on the page: drawn in SVG here.
    if let Some(x) = doc
        .query_selector(".sequence .sequence-veil")
        .ok()
        .flatten()
        .and_then(|v| v.get_attribute("data-x"))
        .and_then(|x| crate::numtext::parse(&x))
    {
        let top = 12.0;
        let veil = svg_element(
            &doc,
            "rect",
            &[
                ("class", "veil"),
                ("x", &num(x)),
                ("y", &num(top)),
                ("width", &num((width - x).max(0.0))),
                ("height", &num(height - top)),
            ],
        )?;
        let cursor = svg_element(
            &doc,
            "line",
            &[
                ("class", "cursor"),
                ("x1", &num(x)),
                ("y1", &num(top)),
                ("x2", &num(x)),
                ("y2", &num(height)),
            ],
        )?;
        copy.append_child(&veil).ok()?;
        copy.append_child(&cursor).ok()?;
    }
    // The lane names live in their own (fixed) SVG on the page.
    if let Ok(Some(names)) = doc.query_selector(".sequence .lane-names") {
        let names = names.child_nodes();
        for i in 0..names.length() {
            if let Some(n) = names
                .item(i)
                .and_then(|n| n.clone_node_with_deep(true).ok())
            {
                copy.append_child(&n).ok()?;
            }
        }
    }
    let text = web_sys::XmlSerializer::new()
        .ok()?
        .serialize_to_string(&copy)
        .ok()?;
    Some((text, width, height))
}

/// An SVG element with attributes.
fn svg_element(
    doc: &web_sys::Document,
    name: &str,
    attrs: &[(&str, &str)],
) -> Option<web_sys::Element> {
    let el = doc
        .create_element_ns(Some("http://www.w3.org/2000/svg"), name)
        .ok()?;
    for (k, v) in attrs {
        el.set_attribute(k, v).ok()?;
    }
    Some(el)
}

/// Saves the sequence diagram as SVG.
pub fn save_svg(name: &str) -> Option<()> {
    let (text, _, _) = sequence_svg()?;
    save_text(name, "image/svg+xml", &text)
}

/// Saves the sequence diagram as PNG (twice the page's pixels): the SVG is drawn on a canvas.
pub fn save_png(name: &str) -> Option<()> {
    let (text, width, height) = sequence_svg()?;
    let url = format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(&text))
    );
    let img = web_sys::HtmlImageElement::new().ok()?;
    let name = name.to_string();
    let img2 = img.clone();
    EventListener::once(&img, "load", move |_| {
        let _ = draw_png(&img2, width, height, &name);
    })
    .forget();
    img.set_src(&url);
    Some(())
}

fn draw_png(img: &web_sys::HtmlImageElement, width: f64, height: f64, name: &str) -> Option<()> {
    let scale = 2.0;
    let canvas: web_sys::HtmlCanvasElement = gloo::utils::document()
        .create_element("canvas")
        .ok()?
        .dyn_into()
        .ok()?;
    canvas.set_width((width * scale) as u32);
    canvas.set_height((height * scale) as u32);
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.scale(scale, scale).ok()?;
    ctx.draw_image_with_html_image_element(img, 0.0, 0.0).ok()?;
    let name = name.to_string();
    let done = Closure::once_into_js(move |blob: JsValue| {
        if let Ok(blob) = blob.dyn_into::<web_sys::Blob>() {
            let _ = save(&name, &blob);
        }
    });
    canvas.to_blob(done.unchecked_ref()).ok()
}

/// Reads the first file the `<input type=file>` of `e` holds, as text, then calls `done`.
pub fn read_chosen(e: &web_sys::Event, done: impl FnOnce(String) + 'static) -> Option<()> {
    let input: web_sys::HtmlInputElement = e.target()?.dyn_into().ok()?;
    let file = input.files()?.get(0)?;
    let reader = web_sys::FileReader::new().ok()?;
    reader.read_as_text(&file).ok()?;
    let r2 = reader.clone();
    EventListener::once(&reader, "loadend", move |_| {
        let text = r2.result().ok().and_then(|v| v.as_string());
        done(text.unwrap_or_default());
    })
    .forget();
    // Choosing the same file again still fires `change`.
    input.set_value("");
    Some(())
}
