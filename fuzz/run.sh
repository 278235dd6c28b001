#!/usr/bin/env bash
# Fuzzes each target for a bounded time on the stable toolchain and fails on a crash.
#
#   bash fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     (default: 45 s, every target)
#
# libFuzzer comes from the libfuzzer-sys crate (built with the C++ compiler); coverage is
# rustc's stable sanitizer-coverage pass, the flags cargo-fuzz passes, without its nightly
# sanitizers. A crash leaves its input in fuzz/artifacts/{target}/: once fixed, copy it to
# fuzz/seeds/{target}/ so that `cargo test` replays it for good.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-45}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse differential request http)
triple="$(rustc -vV | sed -n 's/^host: //p')"
export RUSTFLAGS="--cfg fuzzing -C passes=sancov-module -C llvm-args=-sanitizer-coverage-level=4 \
 -C llvm-args=-sanitizer-coverage-inline-8bit-counters -C llvm-args=-sanitizer-coverage-pc-table \
 -C llvm-args=-sanitizer-coverage-trace-compares"
# `--target` keeps the flags off build scripts and proc-macros, as cargo-fuzz does. Not
# `--locked`: Cargo.lock pins what it lists, and a dependency the workspace gains later is
# added to it rather than failing the run.
cargo build --release --target "$triple" --bins 2>&1 | tail -n 3
for target in "${targets[@]}"; do
  mkdir -p "corpus/$target" "artifacts/$target"
  echo "== fuzz $target for ${seconds}s"
  set +e
  "target/$triple/release/$target" -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 \
    -print_final_stats=1 -artifact_prefix="artifacts/$target/" "corpus/$target" "seeds/$target" 2>&1 \
    | grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss|==|SUMMARY|thread|panicked)'
  # libFuzzer exits non-zero on a crash; PIPESTATUS keeps its status through the filter.
  status=${PIPESTATUS[0]}
  set -e
  if [ "$status" -ne 0 ]; then
    echo "fuzz $target: crash (exit $status); inputs in fuzz/artifacts/$target/" >&2
    ls "artifacts/$target" >&2 || true
    exit 1
  fi
done
echo "fuzzing OK"
