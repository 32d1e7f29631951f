//! The feature test for the relaxed-SIMD build: the smallest wasm module that uses `f32x4.relaxed_madd`
//! (a·b + c, which the engine may fuse into one rounding). A browser that validates it runs the full module's
//! relaxed build (www/pwa/full-module.mjs builds both; src/web/remote.rs chooses), others the SIMD128 build.

/// `(module (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd))`.
/// The service worker (www/sw.js, `RELAXED_PROBE`) asks the same question to precache only the build this browser
/// will load; `the_service_worker_asks_the_same_question` keeps the two byte lists equal.
pub const RELAXED_SIMD_PROBE: [u8; 37] = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
    0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01,
    0x7b, // type: (v128 v128 v128) -> v128
    0x03, 0x02, 0x01, 0x00, // one function of that type
    0x0a, 0x0d, 0x01, 0x0b, 0x00, // code: one body of 11 bytes, no locals
    0x20, 0x00, 0x20, 0x01, 0x20, 0x02, // local.get 0, 1, 2
    0xfd, 0x85, 0x02, // f32x4.relaxed_madd (prefix 0xfd, opcode 0x105 as LEB128)
    0x0b, // end
];

#[cfg(test)]
mod tests {
    use super::RELAXED_SIMD_PROBE;

    /// The byte list inside `const RELAXED_PROBE = new Uint8Array([…])` of www/sw.js.
    fn service_worker_probe() -> Vec<u8> {
        let sw = include_str!("../../www/sw.js");
        let start = sw
            .find("const RELAXED_PROBE = new Uint8Array([")
            .expect("www/sw.js defines RELAXED_PROBE");
        let list = &sw[start..];
        let list = &list[list.find('[').unwrap() + 1..list.find(']').unwrap()];
        list.split(',')
            .map(str::trim)
            .filter(|x| !x.is_empty())
            .map(|x| u8::from_str_radix(x.trim_start_matches("0x"), 16).expect("hex byte"))
            .collect()
    }

    #[test]
    fn the_service_worker_asks_the_same_question() {
        assert_eq!(service_worker_probe(), RELAXED_SIMD_PROBE.to_vec());
    }

    #[test]
    fn the_probe_is_a_well_formed_module() {
        let p = &RELAXED_SIMD_PROBE;
        assert_eq!(&p[..8], b"\0asm\x01\0\0\0");
        // Walk the sections: each is an id and a size that must end exactly at the next.
        let mut i = 8;
        let mut ids = vec![];
        while i < p.len() {
            ids.push(p[i]);
            i += 2 + p[i + 1] as usize;
        }
        assert_eq!(
            i,
            p.len(),
            "the section sizes add up to the module's length"
        );
        assert_eq!(ids, vec![1, 3, 10], "type, function and code sections");
        // The one instruction that needs the feature: 0xfd then 0x105 as unsigned LEB128.
        let at = p.windows(3).position(|w| w == [0xfd, 0x85, 0x02]);
        assert_eq!(at, Some(p.len() - 4));
    }
}
