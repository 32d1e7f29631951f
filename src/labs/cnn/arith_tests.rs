//! Tests of the convolution arithmetic (`arith.rs`): the book's figures, every window against the engine's
//! Convolution, channels and padding, refused combinations, and the link.

use super::*;

fn outs(p: Preset) -> Vec<f32> {
    ConvArith::new(p.config()).unwrap().outputs()
}

#[test]
fn the_books_figures() {
    // Figure 7-4: the first window is 1·2 + 2·0 + 3·1 + 0·0 + 1·1 + 2·2 + 3·1 + 0·0 + 1·2 = 15.
    assert_eq!(outs(Preset::Fig7_4), vec![15.0, 16.0, 6.0, 15.0]);
    let a = ConvArith::new(Preset::Fig7_4.config()).unwrap();
    assert_eq!(
        a.mul_add_lines(0),
        vec!["1·2 + 2·0 + 3·1 + 0·0 + 1·1 + 2·2 + 3·1 + 0·0 + 1·2 + 0 = 15"]
    );
    // Figure 7-5: bias 3 is added to every cell.
    assert_eq!(outs(Preset::Fig7_5), vec![18.0, 19.0, 9.0, 18.0]);
    // Figure 7-6: padding 1 keeps 4 × 4.
    assert_eq!(
        outs(Preset::Fig7_6),
        vec![7., 12., 10., 2., 4., 15., 16., 10., 10., 6., 15., 6., 8., 10., 4., 3.]
    );
    // Figure 7-7's shape: (7 + 0 − 3)/2 + 1 = 3.
    let s = Preset::Fig7_7.config().shape().unwrap();
    assert_eq!((s.oh, s.ow), (3, 3));
    assert_eq!(size_line("H", 7, 3, 0, 2), "OH = (7 + 2·0 − 3)/2 + 1 = 3");
}

#[test]
fn every_window_equals_the_engines_convolution() {
    for p in Preset::ALL {
        let a = ConvArith::new(p.config()).unwrap();
        assert_eq!(a.outputs(), a.engine_forward().unwrap(), "{p:?}");
    }
    // Odd shapes, padding, stride, channels and a negative bias.
    for (c, h, w, fh, fw, pad, stride, bias) in [
        (2, 5, 7, 3, 1, 1, 2, -4),
        (3, 6, 6, 2, 2, 0, 2, 1),
        (1, 9, 9, 5, 5, 2, 4, 9),
        (3, 1, 1, 1, 1, 0, 1, 0),
    ] {
        for fnum in [1, 3] {
            let cfg = ConvArithConfig {
                c,
                h,
                w,
                fh,
                fw,
                pad,
                stride,
                bias,
                fnum,
                at: 0,
            };
            let a = ConvArith::new(cfg).unwrap();
            assert_eq!(a.outputs(), a.engine_forward().unwrap(), "{cfg:?}");
            // The window's products are what the text says.
            let win = a.window(a.positions() - 1);
            assert_eq!(win.terms.len(), c * fh * fw);
            let lines = a.mul_add_lines(a.positions() - 1);
            assert!(lines
                .last()
                .unwrap()
                .ends_with(&format!("= {}", num(win.out))));
            assert_eq!(win.f, fnum - 1);
        }
    }
}

#[test]
fn channels_and_padding_are_shown() {
    let a = ConvArith::new(Preset::Fig7_8.config()).unwrap();
    let lines = a.mul_add_lines(0);
    assert_eq!(lines.len(), 4);
    assert!(lines[0].starts_with("c0: 1·2 + 2·0"), "{lines:?}");
    let w = a.window(0);
    assert_eq!(w.channel_sums.iter().sum::<f32>(), w.out);
    // The padded window at (0, 0) reads padding in its first row and column.
    let a = ConvArith::new(Preset::Fig7_6.config()).unwrap();
    let w = a.window(0);
    assert_eq!(w.terms[0].from, None);
    assert_eq!(w.terms[4].from, Some((0, 0)));
    assert_eq!(w.out, 7.0);
}

#[test]
fn bad_combinations_are_refused_with_the_formula() {
    let cfg = ConvArithConfig {
        h: 4,
        stride: 2,
        ..Default::default()
    };
    let e = ConvArith::new(cfg).unwrap_err();
    assert_eq!(e.key, "err.conv_not_integer");
    assert!(e.to_string().contains("(4 + 2·0 − 3)/2 + 1"), "{e}");
    let cfg = ConvArithConfig {
        w: 2,
        ..Default::default()
    };
    assert_eq!(
        ConvArith::new(cfg).unwrap_err().key,
        "err.conv_filter_too_big"
    );
}

#[test]
fn the_link_round_trips_and_bad_values_fall_back() {
    let cfg = ConvArithConfig {
        at: 3,
        ..Preset::Fig7_6.config()
    };
    let mut r = Route::new("cnn");
    cfg.write(&mut r);
    assert_eq!(ConvArithConfig::read(&r), cfg);
    let r = Route::parse("#cnn?ac=9&ah=x&ap=1&ak=99&ab=-3");
    let c = ConvArithConfig::read(&r);
    assert_eq!((c.c, c.h, c.pad, c.at, c.bias), (1, 4, 1, 0, -3));
}
