//! Charts as plotters functions generic over `DrawingBackend` (canvas in the browser, SVG in native tests),
//! and the colours and sizes they share.

pub mod bars;
pub mod clip;
pub mod compgraph;
pub mod contour;
pub mod contrast;
pub mod curve_markers;
pub mod decision;
pub mod epochs;
pub mod field;
pub mod frame;
pub mod function;
pub mod heatmap;
pub mod histograms;
pub mod loglog;
pub mod marker;
pub mod multiples;
pub mod network;
pub mod palette;
pub mod points;
pub mod scatter;
pub mod series;
pub mod style;
pub mod tiles;

pub use frame::PlotFrame;
pub use style::ChartStyle;
