//! Data sets and file formats, parsed from bytes the web layer hands in (`&[u8]`): never any I/O here.

pub mod crc32;
pub mod gzip;
pub mod idx;
pub mod json;
pub mod mnist;
pub mod netdesc;
pub mod npy;
pub mod npz;
pub mod pickle;
pub mod points_csv;
pub mod toy2d;
pub mod zip;
