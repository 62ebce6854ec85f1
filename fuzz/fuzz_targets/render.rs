#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    polypress::fuzz::on_worker_stack(|| polypress::fuzz::render(data));
});
