//! The fuzz binary's memory and time bounds: a global allocator that counts live bytes and the peak since
//! `arm`, refusing any allocation past a hard cap (the process then aborts, after saving the input that did it),
//! and a watchdog thread that saves the input and exits when one input runs past the time limit.

use std::alloc::{GlobalAlloc, Layout, System};
use std::fs::File;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicPtr, AtomicU64, AtomicUsize, Ordering::SeqCst};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// Live bytes, and the most live at once since the last `arm`.
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Past this many live bytes an allocation fails (and the process aborts): far above the per-input limit
/// that the harness checks, so it only trips on a runaway that would otherwise take the machine's memory.
pub const HARD_CAP: usize = 1 << 30;

/// The input being run (pointer and length) and where to save it if the process must die.
static INPUT: AtomicPtr<u8> = AtomicPtr::new(std::ptr::null_mut());
static INPUT_LEN: AtomicUsize = AtomicUsize::new(0);
static DEATH_FILE: OnceLock<File> = OnceLock::new();
static SAVED: AtomicBool = AtomicBool::new(false);
/// When the current input started, in ms since `EPOCH` (0: none running).
static STARTED_MS: AtomicU64 = AtomicU64::new(0);
static EPOCH: OnceLock<Instant> = OnceLock::new();

pub struct Counting;

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !reserve(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = System.alloc(layout);
        if p.is_null() {
            LIVE.fetch_sub(layout.size(), SeqCst);
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !reserve(layout.size()) {
            return std::ptr::null_mut();
        }
        let p = System.alloc_zeroed(layout);
        if p.is_null() {
            LIVE.fetch_sub(layout.size(), SeqCst);
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout);
        LIVE.fetch_sub(layout.size(), SeqCst);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let old = layout.size();
        if new_size > old && !reserve(new_size - old) {
            return std::ptr::null_mut();
        }
        let p = System.realloc(ptr, layout, new_size);
        if p.is_null() {
            if new_size > old {
                LIVE.fetch_sub(new_size - old, SeqCst);
            }
        } else if new_size < old {
            LIVE.fetch_sub(old - new_size, SeqCst);
        }
        p
    }
}

/// Count `n` more live bytes, or refuse (saving the input once) when that passes the hard cap.
fn reserve(n: usize) -> bool {
    let live = LIVE.fetch_add(n, SeqCst).saturating_add(n);
    if live > HARD_CAP {
        LIVE.fetch_sub(n, SeqCst);
        save_input(b"fuzz: an input asked for more than the 1 GiB hard cap; it is saved in target/fuzz/died.bin\n");
        return false;
    }
    PEAK.fetch_max(live, SeqCst);
    true
}

/// Write the current input to the pre-opened death file, without allocating (we may be inside `alloc`).
fn save_input(msg: &[u8]) {
    if SAVED.swap(true, SeqCst) {
        return;
    }
    let _ = std::io::stderr().write_all(msg);
    let (p, n) = (INPUT.load(SeqCst), INPUT_LEN.load(SeqCst));
    if let (Some(mut f), false) = (DEATH_FILE.get(), p.is_null()) {
        // SAFETY: the harness keeps the input alive and unchanged while it is registered.
        let bytes = unsafe { std::slice::from_raw_parts(p, n) };
        let _ = f.write_all(bytes);
        let _ = f.flush();
    }
}

/// Open the file an input is saved to if the process dies, and start the watchdog for `limit` per input.
pub fn init(death_file: &std::path::Path, limit: Duration) {
    let _ = EPOCH.set(Instant::now());
    if let Ok(f) = File::create(death_file) {
        let _ = DEATH_FILE.set(f);
    }
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(100));
        let started = STARTED_MS.load(SeqCst);
        if started != 0 && now_ms().saturating_sub(started) > limit.as_millis() as u64 {
            save_input(
                b"fuzz: an input ran past the time limit; it is saved in target/fuzz/died.bin\n",
            );
            std::process::exit(3);
        }
    });
}

fn now_ms() -> u64 {
    EPOCH
        .get()
        .map_or(0, |e| e.elapsed().as_millis() as u64 + 1)
}

/// Register `input` as running and reset the peak; returns the live bytes at the start.
pub fn arm(input: &[u8]) -> usize {
    INPUT.store(input.as_ptr() as *mut u8, SeqCst);
    INPUT_LEN.store(input.len(), SeqCst);
    let live = LIVE.load(SeqCst);
    PEAK.store(live, SeqCst);
    STARTED_MS.store(now_ms(), SeqCst);
    live
}

/// The input is done: how many bytes above `base` were live at the peak.
pub fn disarm(base: usize) -> usize {
    STARTED_MS.store(0, SeqCst);
    INPUT.store(std::ptr::null_mut(), SeqCst);
    INPUT_LEN.store(0, SeqCst);
    PEAK.load(SeqCst).saturating_sub(base)
}
