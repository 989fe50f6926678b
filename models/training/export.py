"""
ONNX export and its checks: the inference graph, the Monte-Carlo graph (dropout left active, batch norm frozen),
agreement between onnxruntime (through onnxruntime-node, see ort_run.mjs) and PyTorch on real ECGs, the linear head
for gradient-free Grad-CAM, and the test vectors the TypeScript runtime is tested against.

Both graphs ship re-expressed as 2-D (conv2d.py): onnxruntime runs its NCHWc layout and direct convolution kernels
on 4-D Conv only, and the 2-D form of the same weights runs 1.4-1.8× faster on CPU with the same input and outputs.
"""
from __future__ import annotations

import copy
import hashlib
import json
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import onnx
import torch
from torch import nn

from conv2d import to_conv2d
from fit import forward_all
from net import ResNet1d
from prepare import prepare

OPSET = 17
INPUT = 'ecg'
HERE = Path(__file__).resolve().parent
AGREEMENT_TOLERANCE = 1e-4
# ONNX's seed attribute is a float, stored as float32: seeds must stay below 2**24 to be distinct (20200401 + i
# collided in pairs and gave several dropout layers the same mask).
MC_SEED = 401


def output_names(n_blocks: int) -> list[str]:
    return ['logits'] + [f'block{i}' for i in range(n_blocks - 2, n_blocks + 1)]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class ExplicitDropout(nn.Module):
    """Dropout spelled out as a random mask. onnxruntime's graph optimiser deletes ONNX Dropout nodes even with
    training_mode = true, so the Monte-Carlo graph draws its mask with RandomUniformLike, which no optimiser folds."""

    def __init__(self, p: float):
        super().__init__()
        self.p = p

    def forward(self, x):
        keep = (torch.rand_like(x) >= self.p).to(x.dtype)
        return x * keep * (1.0 / (1.0 - self.p))


def _with_explicit_dropout(model: ResNet1d) -> nn.Module:
    mc = copy.deepcopy(model).eval()
    for module in list(mc.modules()):
        for name, child in module.named_children():
            if isinstance(child, nn.Dropout):
                setattr(module, name, ExplicitDropout(child.p))
    return mc


def export_graph(model: ResNet1d, path: Path, example: np.ndarray, dropout_active: bool) -> None:
    names = output_names(len(model.blocks))
    model.eval()
    graph_model = _with_explicit_dropout(model) if dropout_active else model
    torch.onnx.export(graph_model, torch.from_numpy(example), str(path), input_names=[INPUT], output_names=names,
                      dynamic_axes={n: {0: 'batch'} for n in [INPUT] + names}, opset_version=OPSET,
                      do_constant_folding=True, training=torch.onnx.TrainingMode.EVAL)
    graph = onnx.load(str(path))
    random_nodes = [n for n in graph.graph.node if n.op_type == 'RandomUniformLike']
    if dropout_active:
        if not random_nodes:
            raise RuntimeError(f'{path}: the Monte-Carlo graph draws no random mask')
        # A seed per mask node: each fresh session then draws the same sequence of masks (reproducible Monte-Carlo
        # passes and export checks), while successive runs within a session still differ.
        for i, node in enumerate(random_nodes):
            node.attribute.append(onnx.helper.make_attribute('seed', float(MC_SEED + i)))
    graph = to_conv2d(graph)
    onnx.save(graph, str(path))
    onnx.checker.check_model(graph)


def run_ort(path: Path, x: np.ndarray, passes: int = 1) -> dict[str, list[np.ndarray]]:
    """Outputs of onnxruntime-node for x (batch, 12, 4096); one array per pass for each output name."""
    with tempfile.TemporaryDirectory() as tmp:
        inp = Path(tmp) / 'input.f32'
        np.ascontiguousarray(x, dtype='<f4').tofile(inp)
        subprocess.run(['node', str(HERE / 'ort_run.mjs'), str(path), str(inp), str(len(x)), tmp, str(passes)],
                       check=True, cwd=HERE)
        shapes = json.loads((Path(tmp) / 'shapes.json').read_text())
        out = {}
        for name, shape in shapes.items():
            files = [Path(tmp) / f'{name}.f32'] if passes == 1 else [Path(tmp) / f'{name}.{i}.f32' for i in range(passes)]
            out[name] = [np.fromfile(f, dtype='<f4').reshape(shape) for f in files]
        return out


def check_agreement(model: ResNet1d, path: Path, x: np.ndarray) -> dict[str, float]:
    """Max |onnxruntime − PyTorch| per output on real ECGs; raises above the tolerance."""
    ref = forward_all(model, x)
    got = run_ort(path, x)
    diffs = {name: float(np.abs(got[name][0] - r).max()) for name, r in zip(output_names(len(model.blocks)), ref)}
    worst = max(diffs.values())
    if worst > AGREEMENT_TOLERANCE:
        raise RuntimeError(f'onnxruntime and PyTorch disagree by {worst:g} (> {AGREEMENT_TOLERANCE}): {diffs}')
    return diffs


def check_mc_graph(path: Path, x: np.ndarray, eval_logits: np.ndarray) -> dict:
    """The dropout graph must vary between passes and centre on the inference graph."""
    passes = run_ort(path, x, passes=8)['logits']
    spread = float(np.std(np.stack(passes), axis=0).mean())
    if spread < 1e-3:
        raise RuntimeError(f'{path}: Monte-Carlo passes are identical; dropout is not active')
    mean_gap = float(np.abs(np.mean(np.stack(passes), axis=0) - eval_logits).mean())
    return {'passes': 8, 'meanLogitStd': spread, 'meanAbsGapToInference': mean_gap}


def write_head(model: ResNet1d, path: Path) -> dict:
    w = model.head.weight.detach().numpy().astype(np.float64)
    b = model.head.bias.detach().numpy().astype(np.float64)
    channels, length = model.blocks[-1].conv2.out_channels, model.final_length
    path.write_text(json.dumps({
        'layout': 'channel-major: feature index = channel * length + step',
        'channels': channels, 'length': length,
        'weights': [[float(v) for v in row] for row in w], 'bias': [float(v) for v in b],
    }))
    return {'channels': channels, 'length': length}


def write_vectors(model: ResNet1d, cases: list[dict], load, out_dir: Path) -> list[dict]:
    """For each real ECG: the raw mV input, the prepared tensor and the PyTorch outputs, as little-endian float32."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = output_names(len(model.blocks))
    entries = []
    for case in cases:
        fs, sig = load(case['source'])
        raw = np.ascontiguousarray(sig[:, case['start']:case['end']])
        x, valid_start, valid_end = prepare(raw, fs)
        outs = forward_all(model, x[None])
        files = {'raw': f'{case["name"]}.raw.f32', 'prepared': f'{case["name"]}.prepared.f32'}
        raw.astype('<f4').tofile(out_dir / files['raw'])
        x.astype('<f4').tofile(out_dir / files['prepared'])
        shapes = {}
        for name, arr in zip(names, outs):
            files[name] = f'{case["name"]}.{name}.f32'
            arr[0].astype('<f4').tofile(out_dir / files[name])
            shapes[name] = list(arr[0].shape)
        entries.append({**case, 'fs': fs, 'rawShape': list(raw.shape), 'validStart': valid_start,
                        'validEnd': valid_end, 'probabilities': [float(v) for v in 1 / (1 + np.exp(-outs[0][0]))],
                        'files': files, 'shapes': shapes})
    return entries
