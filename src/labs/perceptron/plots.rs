//! What the lab's three decision plots show, as data for `plot::decision`: the four inputs coloured and
//! shaped by their target class, the perceptron's line and output region; XOR's input space with the NAND
//! and OR lines (y = 1 in the band between them); and (s1, s2) space with the AND line.

use plotters::style::RGBColor;

use super::gate::{truth_table, Gate, Perceptron};
use super::{xor, FRAME};
use crate::plot::decision::{DecisionPlot, Linear, PlotPoint};
use crate::plot::palette;

/// The colour of a perceptron's own line: ink, apart from both class colours.
pub const LINE: RGBColor = RGBColor(0x1d, 0x23, 0x2b);
/// The first layer's lines on the XOR plot (the diagram's NAND and OR nodes use the same colours).
pub const NAND_LINE: RGBColor = palette::OKABE_ITO[2];
pub const OR_LINE: RGBColor = palette::OKABE_ITO[3];

impl From<Perceptron> for Linear {
    fn from(p: Perceptron) -> Linear {
        Linear {
            w1: p.w1,
            w2: p.w2,
            b: p.b,
        }
    }
}

/// A decision plot's contents, owned (`view` lends them to the drawing function).
#[derive(Clone, Debug, PartialEq)]
pub struct PlotData {
    pub x_label: &'static str,
    pub y_label: &'static str,
    pub positive: Vec<Linear>,
    pub lines: Vec<(Linear, RGBColor)>,
    pub points: Vec<PlotPoint>,
}

impl PlotData {
    pub fn view(&self) -> DecisionPlot<'_> {
        DecisionPlot {
            range: FRAME,
            x_label: self.x_label,
            y_label: self.y_label,
            positive: &self.positive,
            lines: &self.lines,
            points: &self.points,
        }
    }
}

fn label(x1: u8, x2: u8) -> String {
    format!("({x1}, {x2})")
}

/// One perceptron judged against a target: points in the target's classes, rings on the wrong ones.
pub fn gate_plot(p: &Perceptron, target: Gate) -> PlotData {
    let points = truth_table(p, target)
        .iter()
        .map(|r| PlotPoint {
            x: r.x1 as f64,
            y: r.x2 as f64,
            class: r.t,
            wrong: !r.correct(),
            label: label(r.x1, r.x2),
        })
        .collect();
    let f = Linear::from(*p);
    PlotData {
        x_label: "x1",
        y_label: "x2",
        positive: vec![f],
        lines: vec![(f, LINE)],
        points,
    }
}

/// XOR's inputs with the first layer's two lines; the network outputs 1 where both are positive.
pub fn xor_input_plot() -> PlotData {
    let (nand, or, _) = xor::layers();
    let (nand, or) = (Linear::from(nand), Linear::from(or));
    let points = xor::rows()
        .iter()
        .map(|r| PlotPoint {
            x: r.x1 as f64,
            y: r.x2 as f64,
            class: Gate::Xor.truth(r.x1, r.x2),
            wrong: !r.correct(),
            label: label(r.x1, r.x2),
        })
        .collect();
    PlotData {
        x_label: "x1",
        y_label: "x2",
        positive: vec![nand, or],
        lines: vec![(nand, NAND_LINE), (or, OR_LINE)],
        points,
    }
}

/// (s1, s2) space: three points, each labelled with the inputs that land on it, and the AND line.
pub fn xor_hidden_plot() -> PlotData {
    let (_, _, and) = xor::layers();
    let and = Linear::from(and);
    let points = xor::hidden_points()
        .into_iter()
        .map(|((s1, s2), from)| {
            let (x1, x2) = from.first().copied().unwrap_or((0, 0));
            PlotPoint {
                x: s1 as f64,
                y: s2 as f64,
                class: Gate::Xor.truth(x1, x2),
                wrong: (and.at((s1 as f64, s2 as f64)) > 0.0) != (Gate::Xor.truth(x1, x2) == 1),
                label: from
                    .iter()
                    .map(|&(a, b)| label(a, b))
                    .collect::<Vec<_>>()
                    .join(" "),
            }
        })
        .collect();
    PlotData {
        x_label: "s1",
        y_label: "s2",
        positive: vec![and],
        lines: vec![(and, LINE)],
        points,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plot::decision::draw_decision;
    use crate::plot::ChartStyle;
    use plotters::prelude::*;

    #[test]
    fn the_gate_plot_rings_exactly_the_wrong_rows() {
        let and = Gate::And.preset().unwrap();
        let d = gate_plot(&and, Gate::And);
        assert_eq!(d.points.len(), 4);
        assert!(d.points.iter().all(|p| !p.wrong));
        assert_eq!(d.points.iter().filter(|p| p.class == 1).count(), 1);
        let d = gate_plot(&and, Gate::Or);
        let wrong: Vec<_> = d
            .points
            .iter()
            .filter(|p| p.wrong)
            .map(|p| p.label.as_str())
            .collect();
        assert_eq!(wrong, ["(0, 1)", "(1, 0)"]);
    }

    #[test]
    fn the_xor_plots_are_separated_by_the_network() {
        let x = xor_input_plot();
        assert!(x.points.iter().all(|p| !p.wrong));
        assert_eq!(x.lines.len(), 2);
        let s = xor_hidden_plot();
        assert_eq!(s.points.len(), 3);
        assert!(
            s.points.iter().all(|p| !p.wrong),
            "the AND line separates them"
        );
        let merged = s.points.iter().find(|p| (p.x, p.y) == (1.0, 1.0)).unwrap();
        assert_eq!((merged.class, merged.label.as_str()), (1, "(0, 1) (1, 0)"));
    }

    #[test]
    fn all_three_plots_draw() {
        for d in [
            gate_plot(&Perceptron::new(0.0, 0.0, 0.0), Gate::Xor),
            xor_input_plot(),
            xor_hidden_plot(),
        ] {
            let mut svg = String::new();
            {
                let root = SVGBackend::with_string(&mut svg, (400, 400)).into_drawing_area();
                draw_decision(&root, &d.view(), &ChartStyle::default()).unwrap();
                root.present().unwrap();
            }
            assert!(svg.contains(d.y_label));
        }
    }
}
