"""
PyTorch eager reference for `bench/torch-reference.ts`: the shipped model's architecture (models/training/net.py)
with the weights read back from the package's model.onnx, run in eval mode under torch.no_grad on a prepared input
tensor the TypeScript side wrote, timed per ECG; prints one JSON object on stdout.

    /usr/bin/python3 bench/torch_eager.py MODEL_DIR INPUT.f32 COUNT BATCH REPEATS OUT_DIR

INPUT.f32 is COUNT × 12 × 4096 little-endian float32 (the stacked, prepared ECGs). OUT_DIR receives the outputs
(logits.f32, block2.f32 … as little-endian float32) so the caller can check them against onnxruntime.

No .pt weights ship, so they come from the ONNX initializers. torch.onnx.export folded each conv1 + bn1 pair
into one Conv with a bias (initializers named onnx::Conv_N); those land in conv1.weight, and bn1 becomes the
identity plus that bias (weight 1, mean 0, variance 1 − eps), so eager still runs every conv and batch-norm op.

| ONNX source                                  | torch state_dict key                         |
|----------------------------------------------|----------------------------------------------|
| initializer named like the key               | the same key (conv2, bn2.*, skip.1, head)    |
| Conv node /<path>/conv1/Conv, input 1 (W)    | <path>.conv1.weight                          |
| Conv node /<path>/conv1/Conv, input 2 (b)    | <path>.bn1.bias (bn1 weight 1, mean 0, …)    |
| none (training counter, unused in eval)      | *.num_batches_tracked = 0                    |

If torch cannot be imported it prints {"skip": reason} and exits 0: the scenario records the note and goes on.
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

try:
    import numpy as np
    import onnx
    import torch
    from onnx import numpy_helper
except ImportError as e:  # the scenario skips rather than fails on a machine without Debian's python3-torch
    print(json.dumps({'skip': f'{sys.executable}: {e}'}))
    sys.exit(0)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / 'models' / 'training'))
from net import N_LEADS, N_SAMPLES, ResNet1d  # noqa: E402

WARMUP = 2


def onnx_state(model_path: Path, keys: list[str], bn_eps: dict[str, float]) -> dict[str, np.ndarray]:
    """torch state_dict entries from the ONNX graph; raises naming any key left unfilled or any initializer unused."""
    graph = onnx.load(str(model_path)).graph
    inits = {i.name: numpy_helper.to_array(i) for i in graph.initializer}
    state: dict[str, np.ndarray] = {k: inits[k] for k in keys if k in inits}
    used = set(state)
    for node in graph.node:
        # Node names mirror module paths: /conv1/Conv, /blocks.0/conv1/Conv.
        if node.op_type != 'Conv' or not node.name.endswith('/conv1/Conv') or len(node.input) != 3:
            continue
        prefix = node.name[1:-len('/conv1/Conv')].replace('/', '.')
        prefix = f'{prefix}.' if prefix else ''
        w, b = inits[node.input[1]], inits[node.input[2]]
        state[f'{prefix}conv1.weight'] = w
        state[f'{prefix}bn1.weight'] = np.ones_like(b)
        state[f'{prefix}bn1.bias'] = b
        state[f'{prefix}bn1.running_mean'] = np.zeros_like(b)
        state[f'{prefix}bn1.running_var'] = np.full_like(b, 1 - bn_eps[f'{prefix}bn1'])
        used.update(node.input[1:])
    for k in keys:
        if k.endswith('num_batches_tracked'):
            state[k] = np.zeros((), dtype=np.int64)
    # The shipped graph holds the convolutions in their 2-D form (models/training/conv2d.py: kernel 1 × k): the
    # module's Conv1d wants the height axis gone.
    for k, v in state.items():
        if v.ndim == 4 and v.shape[2] == 1:
            state[k] = np.ascontiguousarray(v[:, :, 0, :])  # a strided view would send torch down a slow path
    missing = [k for k in keys if k not in state]
    unused = [n for n in inits if n not in used]
    if missing or unused:
        raise RuntimeError(f'{model_path}: state_dict keys not filled {missing}; ONNX initializers not used {unused}')
    return state


def load_model(model_dir: Path) -> tuple[ResNet1d, dict]:
    manifest = json.loads((model_dir / 'manifest.json').read_text())
    arch = manifest['architecture']
    model = ResNet1d(arch['stem'], arch['blockChannels'], manifest.get('mcGraph', {}).get('dropout', 0.0),
                     len(manifest['classes'])).eval()
    reference = model.state_dict()
    eps = {name: m.eps for name, m in model.named_modules() if isinstance(m, torch.nn.BatchNorm1d)}
    state = onnx_state(model_dir / manifest['model']['file'], list(reference), eps)
    for k, v in state.items():
        if tuple(v.shape) != tuple(reference[k].shape):
            raise RuntimeError(f'{k}: ONNX gives shape {list(v.shape)}, the module wants {list(reference[k].shape)}')
    model.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in state.items()}, strict=True)
    return model, manifest


def main() -> None:
    model_dir, input_path, count, batch, repeats, out_dir = sys.argv[1:7]
    count, batch, repeats = int(count), int(batch), int(repeats)
    torch.set_num_threads(os.cpu_count() or 1)
    model, manifest = load_model(Path(model_dir))
    x = torch.from_numpy(np.fromfile(input_path, dtype='<f4').reshape(count, N_LEADS, N_SAMPLES))
    chunks = list(torch.split(x, batch))

    with torch.no_grad():
        outs = [model(c) for c in chunks]
        names = ['logits'] + [b['output'] for b in manifest['outputs']['blocks']]
        for i, name in enumerate(names):
            np.ascontiguousarray(torch.cat([o[i] for o in outs]).numpy(), dtype='<f4').tofile(Path(out_dir) / f'{name}.f32')

        for _ in range(WARMUP):
            for c in chunks:
                model(c)
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            for c in chunks:
                model(c)
            times.append((time.perf_counter() - t) * 1000)

    print(json.dumps({
        'torch': torch.__version__,
        'threads': torch.get_num_threads(),
        'interopThreads': torch.get_num_interop_threads(),
        'cpuCount': os.cpu_count(),
        'mkldnn': torch.backends.mkldnn.is_available(),
        'outputs': names,
        'msPerEcg': statistics.median(times) / count,
        'repeats': repeats,
        'warmup': WARMUP,
    }))


if __name__ == '__main__':
    main()
