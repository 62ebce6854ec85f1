//! The C math functions the dependencies call, defined in the binary.
//!
//! kurbo (the marks' SVG arcs), printpdf, read-fonts, subsetter and
//! indicatif call `atan2`, `pow`, `sincos`, `tan` and nine more through
//! the standard library, which on Linux with glibc takes them from the
//! system's `libm.so.6`. Defined here, from the `libm` crate (rust-lang's
//! port of musl's), they are resolved when the binary is linked: the
//! loader no longer opens, maps and relocates a second shared library in
//! every process (Cargo.toml says what that saved), and a render's
//! numbers no longer depend on which libm the system has.
//!
//! Every function the binary would import from libm must be here, or the
//! library comes back: a test reads the binary for it
//! (`tests/it/cli.rs`). They are defined in the binary crate, whose
//! objects are always linked, so no linker takes the system's instead.

/// `atan2(3)`.
#[no_mangle]
pub extern "C" fn atan2(y: f64, x: f64) -> f64 {
    libm::atan2(y, x)
}

/// `atan2f(3)`.
#[no_mangle]
pub extern "C" fn atan2f(y: f32, x: f32) -> f32 {
    libm::atan2f(y, x)
}

/// `hypotf(3)`.
#[no_mangle]
pub extern "C" fn hypotf(x: f32, y: f32) -> f32 {
    libm::hypotf(x, y)
}

/// `log2f(3)`.
#[no_mangle]
pub extern "C" fn log2f(x: f32) -> f32 {
    libm::log2f(x)
}

/// `pow(3)`.
#[no_mangle]
pub extern "C" fn pow(x: f64, y: f64) -> f64 {
    libm::pow(x, y)
}

/// `tan(3)`.
#[no_mangle]
pub extern "C" fn tan(x: f64) -> f64 {
    libm::tan(x)
}

/// `tanf(3)`.
#[no_mangle]
pub extern "C" fn tanf(x: f32) -> f32 {
    libm::tanf(x)
}

/// `sin(3)`: an unoptimised build calls it where an optimised one
/// calls [`sincos`], as the three below.
#[no_mangle]
pub extern "C" fn sin(x: f64) -> f64 {
    libm::sin(x)
}

/// `cos(3)`.
#[no_mangle]
pub extern "C" fn cos(x: f64) -> f64 {
    libm::cos(x)
}

/// `sinf(3)`.
#[no_mangle]
pub extern "C" fn sinf(x: f32) -> f32 {
    libm::sinf(x)
}

/// `cosf(3)`.
#[no_mangle]
pub extern "C" fn cosf(x: f32) -> f32 {
    libm::cosf(x)
}

/// `sincos(3)`, glibc's: the sine into `sin`, the cosine into `cos`.
///
/// # Safety
///
/// Both pointers are valid for a write, as the C function requires.
#[no_mangle]
pub unsafe extern "C" fn sincos(x: f64, sin: *mut f64, cos: *mut f64) {
    let (s, c) = libm::sincos(x);
    // SAFETY: the caller's, above.
    unsafe {
        *sin = s;
        *cos = c;
    }
}

/// `sincosf(3)`, as [`sincos`].
///
/// # Safety
///
/// Both pointers are valid for a write, as the C function requires.
#[no_mangle]
pub unsafe extern "C" fn sincosf(x: f32, sin: *mut f32, cos: *mut f32) {
    let (s, c) = libm::sincosf(x);
    // SAFETY: the caller's, above.
    unsafe {
        *sin = s;
        *cos = c;
    }
}

#[cfg(test)]
mod tests {
    use std::hint::black_box;

    /// The standard library's calls reach these definitions (in this test
    /// binary as in the command) and each gives its function's value: a
    /// swapped sine and cosine, or arguments, would fail.
    #[test]
    fn the_functions_give_their_values() {
        let close = |a: f64, b: f64| (a - b).abs() <= 1e-15 * b.abs().max(1.0);
        let (s, c) = black_box(0.5f64).sin_cos();
        assert!(close(s, 0.479_425_538_604_203), "{s}");
        assert!(close(c, 0.877_582_561_890_372_8), "{c}");
        let (s, c) = black_box(0.5f32).sin_cos();
        assert!((s - 0.479_425_55).abs() < 1e-7 && (c - 0.877_582_56).abs() < 1e-7);
        assert!(close(
            black_box(1.0f64).atan2(black_box(-1.0)),
            3.0 * std::f64::consts::FRAC_PI_4
        ));
        assert!((black_box(1.0f32).atan2(black_box(-1.0)) - 2.356_194_5).abs() < 1e-6);
        assert_eq!(black_box(3.0f32).hypot(black_box(4.0)), 5.0);
        assert_eq!(black_box(1024.0f32).log2(), 10.0);
        assert_eq!(black_box(2.0f64).powf(black_box(10.0)), 1024.0);
        assert!(close(
            black_box(2.0f64).powf(black_box(0.5)),
            std::f64::consts::SQRT_2
        ));
        assert!(close(black_box(std::f64::consts::FRAC_PI_4).tan(), 1.0));
        assert!((black_box(std::f32::consts::FRAC_PI_4).tan() - 1.0).abs() < 1e-6);
        assert!(close(black_box(0.5f64).sin(), 0.479_425_538_604_203));
        assert!(close(black_box(0.5f64).cos(), 0.877_582_561_890_372_8));
        assert!((black_box(0.5f32).sin() - 0.479_425_55).abs() < 1e-7);
        assert!((black_box(0.5f32).cos() - 0.877_582_56).abs() < 1e-7);
    }
}
