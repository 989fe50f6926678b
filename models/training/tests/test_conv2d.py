"""
conv2d.py: the shipped package's graphs are its 2-D form; a 1-D export of the same architecture keeps its interface,
weights and outputs (onnxruntime-node against the 1-D graph and PyTorch); ops it cannot carry are refused.
Run: /usr/bin/python3 -m unittest discover -s models/training/tests
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
import unittest
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from conv2d import to_conv2d  # noqa: E402

PKG = Path(__file__).resolve().parents[2] / 'tlc-resnet1d-small-v1'
ORT_NODE = Path(__file__).resolve().parents[3] / 'node_modules' / 'onnxruntime-node'
TOLERANCE = 1e-5  # float32 rounding of a different summation order; PyTorch agreement itself is ~1e-6


def interface(m: onnx.ModelProto) -> list:
    dims = lambda v: [d.dim_param or d.dim_value for d in v.type.tensor_type.shape.dim]  # noqa: E731
    return [(v.name, dims(v)) for v in list(m.graph.input) + list(m.graph.output)]


def spatial_nodes(m: onnx.ModelProto) -> list[onnx.NodeProto]:
    return [n for n in m.graph.node if n.op_type in ('Conv', 'MaxPool')]


@unittest.skipUnless((PKG / 'model.onnx').exists(), f'{PKG} not present')
class ShippedGraphTest(unittest.TestCase):
    def test_shipped_graphs_are_the_2d_form(self):
        for name in ['model.onnx', 'model_mc.onnx']:
            with self.subTest(name):
                m = onnx.load(str(PKG / name))
                self.assertEqual(len(spatial_nodes(m)), 17)
                for n in spatial_nodes(m):
                    kernel = next(a.ints for a in n.attribute if a.name == 'kernel_shape')
                    self.assertEqual(list(kernel)[:1], [1], n.name)
                    self.assertEqual(len(kernel), 2, n.name)
                with self.assertRaisesRegex(ValueError, 'Unsqueeze'):
                    to_conv2d(m)  # converting twice is refused, not silently stacked


@unittest.skipUnless(shutil.which('node') and ORT_NODE.exists(), 'needs node and onnxruntime-node')
class ExportedGraphTest(unittest.TestCase):
    """A 1-D export of the shipped architecture (random weights, batch norm with non-trivial statistics), converted."""

    def test_interface_weights_and_outputs_unchanged(self):
        import torch  # only where the check runs
        from export import INPUT, OPSET, output_names, run_ort
        from net import ResNet1d
        torch.manual_seed(0)
        model = ResNet1d(16, [24, 32, 40, 48], 0.2).eval()
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm1d):
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
        names = output_names(len(model.blocks))
        x = np.random.default_rng(1).normal(0, 0.5, (3, 12, 4096)).astype(np.float32)
        with tempfile.TemporaryDirectory() as tmp:
            plain, converted = Path(tmp) / 'plain.onnx', Path(tmp) / 'converted.onnx'
            torch.onnx.export(model, torch.from_numpy(x), str(plain), input_names=[INPUT], output_names=names,
                              dynamic_axes={n: {0: 'batch'} for n in [INPUT] + names}, opset_version=OPSET)
            before = onnx.load(str(plain))
            after = to_conv2d(onnx.load(str(plain)))
            onnx.save(after, str(converted))
            self.assertEqual(interface(after), interface(before))
            self.assertEqual(len(spatial_nodes(after)), 17)
            for n in spatial_nodes(after):
                self.assertEqual(len(next(a.ints for a in n.attribute if a.name == 'kernel_shape')), 2, n.name)
            old = {t.name: numpy_helper.to_array(t) for t in before.graph.initializer}
            new = {t.name: numpy_helper.to_array(t) for t in after.graph.initializer}
            self.assertEqual(set(new), set(old))
            for k, w in old.items():
                np.testing.assert_array_equal(new[k].reshape(w.shape), w, err_msg=k)
                self.assertEqual(new[k].ndim, w.ndim + (w.ndim == 3), k)
            want, got = run_ort(plain, x), run_ort(converted, x)
        with torch.no_grad():
            torch_out = [t.numpy() for t in model(torch.from_numpy(x))]
        self.assertEqual(set(got), set(names))
        for name, reference in zip(names, torch_out):
            self.assertEqual(got[name][0].shape, want[name][0].shape, name)
            self.assertLessEqual(float(np.abs(got[name][0] - want[name][0]).max()), TOLERANCE, name)
            self.assertLessEqual(float(np.abs(got[name][0] - reference).max()), 1e-4, name)


def tiny_graph(extra: list[onnx.NodeProto], out: str, inits: list[onnx.TensorProto] = ()) -> onnx.ModelProto:
    """ecg (N, 2, 8) → Conv k3 → `extra` → out."""
    w = numpy_helper.from_array(np.ones((2, 2, 3), np.float32), 'w')
    conv = helper.make_node('Conv', ['ecg', 'w'], ['c'], kernel_shape=[3], pads=[1, 1])
    g = helper.make_graph([conv, *extra], 'tiny', [helper.make_tensor_value_info('ecg', onnx.TensorProto.FLOAT, ['N', 2, 8])],
                          [helper.make_tensor_value_info(out, onnx.TensorProto.FLOAT, ['N', 2, 8])], [w, *inits])
    return helper.make_model(g, opset_imports=[helper.make_opsetid('', 17)])


class RefusalTest(unittest.TestCase):
    def test_unknown_op_on_lifted_tensor(self):
        m = tiny_graph([helper.make_node('Transpose', ['c'], ['y'], perm=[0, 2, 1])], 'y')
        with self.assertRaisesRegex(ValueError, 'Transpose'):
            to_conv2d(m)

    def test_per_channel_operand_would_broadcast_wrongly(self):
        bias = numpy_helper.from_array(np.ones((2, 1), np.float32), 'b')
        m = tiny_graph([helper.make_node('Add', ['c', 'b'], ['y'])], 'y', [bias])
        with self.assertRaisesRegex(ValueError, 'broadcast'):
            to_conv2d(m)

    def test_scalar_operand_and_output_squeezed(self):
        scale = numpy_helper.from_array(np.array(2, np.float32), 's')
        m = to_conv2d(tiny_graph([helper.make_node('Mul', ['c', 's'], ['y'])], 'y', [scale]))
        self.assertEqual(m.graph.node[-1].op_type, 'Squeeze')
        self.assertEqual(m.graph.node[-1].output[0], 'y')
        self.assertEqual([d.dim_param or d.dim_value for d in m.graph.output[0].type.tensor_type.shape.dim], ['N', 2, 8])


if __name__ == '__main__':
    unittest.main()
