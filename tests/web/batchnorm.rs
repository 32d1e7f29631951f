//! The batch norm lab in the browser, in both languages: the walk-through's numbers for edited γ and β are the
//! engine's `BatchNormalization` (forward and backward), the figure 6-19 experiment and the random search start a
//! shortened run on the page (no worker on the test page: the same `BnJob` time-sliced) and show their results,
//! and the language switch relabels every view. The digits are handed in with `preload_bundled`, as in mnist.rs.

use ndarray::{Array1, Array2};
use nnlab::i18n::Lang;
use nnlab::labs::batchnorm::batch::{BatchDemoConfig, D, N};
use nnlab::layer::{BatchNormalization, Layer};
use nnlab::urlstate::Route;
use nnlab::web::mnist::preload_bundled;
use nnlab::web::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

use crate::util::{fresh_root, inked_pixels, q, sleep, text};

const IMAGES: &[u8] = include_bytes!("../../www/data/mnist-images-idx3-ubyte.gz");
const LABELS: &[u8] = include_bytes!("../../www/data/mnist-labels-idx1-ubyte.gz");
const L: &str = "#lab-batchnorm";

fn mount(lang: Lang, hash: &str) -> (Element, App) {
    preload_bundled(IMAGES.to_vec(), LABELS.to_vec());
    let root = fresh_root();
    let app = App::mount(&root).unwrap();
    app.set_lang(lang);
    app.show_route(&Route::parse(hash));
    assert_eq!(app.current(), Some("batchnorm"));
    (root, app)
}

fn click(root: &Element, sel: &str) {
    q(root, sel).unchecked_into::<HtmlElement>().click();
}

/// Set a number field and fire `change`, as a user leaving the field does.
fn enter(root: &Element, sel: &str, value: &str) {
    let input: HtmlInputElement = q(root, sel).unchecked_into();
    input.set_value(value);
    input
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
}

/// The numbers in the cells matched by `sel` (the page writes − for minus).
fn cells(root: &Element, sel: &str) -> Vec<f32> {
    let list = root.query_selector_all(sel).unwrap();
    (0..list.length())
        .map(|i| {
            let t = list.get(i).unwrap().text_content().unwrap_or_default();
            t.trim()
                .replace('−', "-")
                .parse::<f32>()
                .unwrap_or_else(|_| panic!("not a number in {sel}: {t:?}"))
        })
        .collect()
}

/// The page shows 4 significant digits.
fn close(page: f32, engine: f32) -> bool {
    (page - engine).abs() <= 6e-4 * engine.abs().max(1e-2)
}

/// Column k (1-based, after the row header) of the samples table.
fn column(root: &Element, k: usize) -> Vec<f32> {
    cells(
        root,
        &format!("{L} [data-role=bn-samples] tbody td:nth-of-type({k})"),
    )
}

/// Wait up to `secs` seconds for `sel` to match.
async fn wait_for(root: &Element, sel: &str, secs: u32) {
    for _ in 0..secs * 10 {
        if root.query_selector(sel).unwrap().is_some() {
            return;
        }
        sleep(100).await;
    }
    panic!("{sel} did not appear within {secs} s");
}

#[wasm_bindgen_test]
fn the_walk_through_is_the_engines_batch_normalization_for_edited_gamma_and_beta() {
    let (root, app) = mount(Lang::Ko, "#batchnorm");
    assert!(text(&root, &format!("{L} [data-role=bn-batch] h3")).contains("배치 정규화"));
    enter(&root, &format!("{L} [data-role=bn-gamma-2]"), "2.5");
    enter(&root, &format!("{L} [data-role=bn-beta-2]"), "-0.75");
    let select: HtmlSelectElement =
        q(&root, &format!("{L} [data-role=bn-feature]")).unchecked_into();
    select.set_value("1");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    assert!(
        text(&root, &format!("{L} [data-role=bn-samples] caption")).contains("특징 2"),
        "{}",
        text(&root, &format!("{L} [data-role=bn-samples] caption"))
    );

    // The engine on the same mini-batch (the walk-through's seeded x and ∂L/∂y), training mode.
    let (x, dy) = BatchDemoConfig::default().inputs();
    assert_eq!(x.dim(), (N, D));
    let mut bn = BatchNormalization::with_params(
        Array1::from(vec![1.0, 2.5, 1.0]),
        Array1::from(vec![0.0, -0.75, 0.0]),
    );
    bn.set_train(true);
    let y: Array2<f32> = bn.forward(&x).clone();
    let (mu, var) = (bn.batch_mean().clone(), bn.batch_var().clone());
    let dx: Array2<f32> = bn.backward(&dy).clone();
    let j = 1;
    let page = [
        column(&root, 1),
        column(&root, 4),
        column(&root, 5),
        column(&root, 7),
    ];
    for i in 0..N {
        for (name, p, e) in [
            ("x", page[0][i], x[[i, j]]),
            ("y", page[1][i], y[[i, j]]),
            ("∂L/∂y", page[2][i], dy[[i, j]]),
            ("∂L/∂x", page[3][i], dx[[i, j]]),
        ] {
            assert!(close(p, e), "{name}[{i}]: page {p}, engine {e}");
        }
        // y = γ x̂ + β with the edited γ and β.
        let xhat = column(&root, 3)[i];
        assert!((page[1][i] - (2.5 * xhat - 0.75)).abs() < 2e-3);
    }
    // The statistics table: μ_B and σ²_B of feature 2, and γ, β as edited.
    let stat = |row: usize| {
        cells(
            &root,
            &format!("{L} [data-role=bn-stats] tbody tr:nth-of-type({row}) td"),
        )
    };
    assert!(close(stat(1)[j], mu[j]), "μ_B {} vs {}", stat(1)[j], mu[j]);
    assert!(
        close(stat(2)[j], var[j]),
        "σ²_B {} vs {}",
        stat(2)[j],
        var[j]
    );
    assert_eq!((stat(4)[j], stat(5)[j]), (2.5, -0.75));
    let hash = nnlab::web::dom::window().location().hash().unwrap();
    assert!(
        hash.contains("bg=1,2.5,1") && hash.contains("bb=0,-0.75,0"),
        "{hash}"
    );

    // English: every label follows, the numbers stay.
    app.set_lang(Lang::En);
    assert_eq!(
        text(&root, &format!("{L} [data-role=bn-batch] h3")),
        "Batch normalization of one mini-batch: every number"
    );
    assert!(text(&root, &format!("{L} [data-role=bn-samples] caption")).starts_with("Feature 2"));
    assert_eq!(column(&root, 4), page[1]);
    app.show("activation");
}

#[wasm_bindgen_test]
async fn the_weight_scale_experiment_runs_shortened_on_the_page_and_fills_the_grid() {
    // Two epochs: a curve of one point would draw nothing.
    let (root, app) = mount(Lang::Ko, "#batchnorm?sn=2&sep=2");
    let chart = q(&root, &format!("{L} [data-role=bn-scales-chart]")).unchecked_into();
    let blank = inked_pixels(&chart);
    click(&root, &format!("{L} [data-role=bn-scales-run]"));
    wait_for(
        &root,
        &format!("{L} [data-role=bn-scales-count-done][data-done=\"2\"]"),
        120,
    )
    .await;
    let status = q(&root, &format!("{L} [data-role=bn-scales-status]"));
    assert_eq!(status.get_attribute("data-place").as_deref(), Some("page"));
    assert_eq!(status.get_attribute("data-state").as_deref(), Some("done"));
    assert_eq!(status.text_content().unwrap(), "완료");
    // Two scales (w = 1 and w = 1e-4), each with a last training accuracy without and with batch norm.
    let acc = cells(
        &root,
        &format!("{L} [data-role=bn-scales-results] tbody td"),
    );
    assert_eq!(acc.len(), 4, "{acc:?}");
    assert!(acc.iter().all(|a| (0.0..=1.0).contains(a)), "{acc:?}");
    let inked = inked_pixels(&chart);
    assert!(inked > blank + 200, "no curves drawn: {blank} → {inked}");
    assert_eq!(
        text(&root, &format!("{L} [data-role=bn-scales-run]")),
        "다시 실행"
    );
    app.set_lang(Lang::En);
    assert_eq!(status.text_content().unwrap(), "Finished");
    assert_eq!(
        text(&root, &format!("{L} [data-role=bn-scales-run]")),
        "Run again"
    );
    assert!(text(&root, &format!("{L} [data-role=bn-scales] h3")).contains("figure 6-19"));
    assert!(
        text(&root, &format!("{L} [data-role=bn-scales-count-done]")).contains("2 of 2 finished")
    );
    app.show("activation");
}

#[wasm_bindgen_test]
async fn the_random_search_runs_shortened_on_the_page_and_ranks_its_trials() {
    let (root, app) = mount(Lang::En, "#batchnorm?tn=3&tep=1");
    assert!(text(&root, &format!("{L} [data-role=bn-search-why]")).contains("test data"));
    click(&root, &format!("{L} [data-role=bn-search-run]"));
    wait_for(
        &root,
        &format!("{L} [data-role=bn-search-count][data-done=\"3\"]"),
        120,
    )
    .await;
    let val = cells(
        &root,
        &format!("{L} [data-role=bn-search-best-table] tbody td:nth-of-type(1)"),
    );
    assert_eq!(val.len(), 3, "{val:?}");
    assert!(val.iter().all(|a| (0.0..=1.0).contains(a)), "{val:?}");
    assert!(val[0] >= val[1] && val[1] >= val[2], "not ranked: {val:?}");
    let scatter = q(&root, &format!("{L} [data-role=bn-search-chart]")).unchecked_into();
    assert!(inked_pixels(&scatter) > 1000, "the scatter is blank");
    let status = q(&root, &format!("{L} [data-role=bn-search-status]"));
    assert_eq!(status.get_attribute("data-place").as_deref(), Some("page"));
    assert_eq!(status.text_content().unwrap(), "Finished");
    app.set_lang(Lang::Ko);
    assert_eq!(status.text_content().unwrap(), "완료");
    let count = text(&root, &format!("{L} [data-role=bn-search-count]"));
    assert!(count.contains("3번 중 3번"), "{count}");
    assert!(text(&root, &format!("{L} [data-role=bn-search] h3")).contains("무작위 탐색"));
    assert!(text(&root, &format!("{L} [data-role=bn-search-why]")).contains("시험 데이터"));
    app.show("activation");
}
