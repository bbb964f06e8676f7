#!/usr/bin/env bash
# Side-by-side speed of conv4j and PyTorch (Debian python3-torch, on OpenBLAS with OpenMP) on every CNN
# preset: the same model, batch size and thread count, run back to back so both see the same machine.
# Prints a Markdown table of samples/s and batch-1 latency with the conv4j/PyTorch ratios, then GEMM
# GFLOP/s against OpenBLAS SGEMM (through NumPy) on 1 and 2 threads.
#
#   tools/bench/compare-pytorch.sh [THREADS] [SECONDS]      (defaults: all cores, 6 s per figure)
#
# MODELS="cifar-cnn:128 horse-human:32" measures only those presets (PRESET:BATCH); GEMM=no skips the
# GEMM table.
#
# Needs: apt-get install python3-torch python3-numpy libopenblas0-openmp
set -euo pipefail
cd "$(dirname "$0")/../.."
threads=${1:-$(nproc)}
seconds=${2:-6}
blas=/usr/lib/x86_64-linux-gnu/openblas-openmp
py=/usr/bin/python3
if [ ! -d "$blas" ]; then
  echo "OpenBLAS (OpenMP) not found in $blas: apt-get install libopenblas0-openmp" >&2
  exit 1
fi
export LD_LIBRARY_PATH=$blas OMP_NUM_THREADS=$threads OPENBLAS_NUM_THREADS=$threads
./conv4j --version >/dev/null 2>&1  # build once, before timing anything

json() { "$py" -c "import json,sys; d=json.loads(sys.stdin.read()); print(d$1)"; }
ratio() { "$py" -c "print('%.2f' % ($1 / $2))"; }

echo "## conv4j vs PyTorch, $threads threads ($(date -u +%Y-%m-%d), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs))"
echo
echo "| model | batch | train conv4j | train PyTorch | ratio | infer conv4j | infer PyTorch | ratio | batch-1 conv4j | batch-1 PyTorch | ratio (PyTorch/conv4j) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for spec in ${MODELS:-fashion-cnn:128 mnist-cnn:128 lenet5:128 cifar-cnn:128 keras-convnet:128 horse-human:32}; do
  model=${spec%%:*}
  batch=${spec##*:}
  ours=$(./conv4j bench --model "$model" --batch-size "$batch" --threads "$threads" --seconds "$seconds" --json 2>/dev/null)
  theirs=$("$py" tools/bench/torch_bench.py --model "$model" --batch-size "$batch" --threads "$threads" --seconds "$seconds")
  ot=$(echo "$ours" | json "['train_samples_per_s']"); pt=$(echo "$theirs" | json "['train_samples_per_s']")
  oi=$(echo "$ours" | json "['infer_samples_per_s']"); pi=$(echo "$theirs" | json "['infer_samples_per_s']")
  ol=$(echo "$ours" | json "['latency_ms_p50']"); pl=$(echo "$theirs" | json "['latency_ms_p50']")
  echo "| $model | $batch | $ot | $pt | $(ratio "$ot" "$pt")x | $oi | $pi | $(ratio "$oi" "$pi")x | $ol ms | $pl ms | $(ratio "$pl" "$ol")x |"
done
echo
echo "Samples/s (higher is better); batch-1 latency is the median of single-sample predictions."
[ "${GEMM:-yes}" = no ] && exit 0
echo
echo "## GEMM GFLOP/s: conv4j vs OpenBLAS SGEMM"
echo
echo "| shape | threads | conv4j | OpenBLAS | ratio | conv4j fraction of FMA peak |"
echo "|---|---|---|---|---|---|"
for t in 1 "$threads"; do
  ours=$(./conv4j bench --gemm --threads "$t" --seconds "$seconds" --json 2>/dev/null)
  theirs=$(OMP_NUM_THREADS=$t OPENBLAS_NUM_THREADS=$t "$py" tools/bench/blas_bench.py --seconds "$seconds")
  for i in 0 1 2 3 4; do
    name=$(echo "$ours" | json "['gemm'][$i]['shape']")
    og=$(echo "$ours" | json "['gemm'][$i]['gflops']")
    frac=$(echo "$ours" | json "['gemm'][$i].get('fraction_of_peak', '')")
    bg=$(echo "$theirs" | json "['gemm'][$i]['gflops']")
    echo "| $name | $t | $og | $bg | $(ratio "$og" "$bg")x | $frac |"
  done
  [ "$t" = "$threads" ] && break
done
