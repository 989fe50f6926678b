"""
Re-expresses an exported 1-D graph as 2-D with height 1: the input is unsqueezed to (batch, C, 1, T) once, every
Conv and MaxPool gets a [1, k] kernel (weights reshaped (O, I, k) → (O, I, 1, k)), element-wise ops carry the extra
axis along, and each graph output that became 4-D is squeezed back under its own name. Inputs, outputs, names,
shapes and weights stay as they were, so the runtime needs no change.

Why: onnxruntime's NCHWc layout transformer and its direct-convolution kernels only take 4-D Conv/MaxPool nodes;
the 1-D graph runs im2col + GEMM per convolution instead.

usage: /usr/bin/python3 models/training/conv2d.py IN.onnx OUT.onnx   (OUT may equal IN)
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

AXIS = 2  # the inserted height axis: (N, C, T) → (N, C, 1, T)

# Ops whose output has the rank of their (4-D) input and whose other operands broadcast unchanged: scalars only,
# which _check_scalar_operands enforces.
ELEMENTWISE = {'Relu', 'Add', 'Sub', 'Mul', 'Div', 'Cast', 'RandomUniformLike', 'GreaterOrEqual', 'Greater', 'Less',
               'LessOrEqual', 'Dropout', 'Identity', 'Sigmoid', 'Tanh'}
SPATIAL = {'Conv', 'MaxPool', 'AveragePool'}


def _int_const(name: str, values: list[int]) -> onnx.TensorProto:
    return numpy_helper.from_array(np.asarray(values, dtype=np.int64), name)


def _lift_spatial(node: onnx.NodeProto, weights: dict[str, onnx.TensorProto], lifted_weights: set[str]) -> None:
    """[k] → [1, k] for kernel_shape, strides, dilations; pads [b, e] → [0, b, 0, e]; the Conv weight gains axis 2."""
    for attr in node.attribute:
        if attr.name in ('kernel_shape', 'strides', 'dilations'):
            values = list(attr.ints)
            if len(values) != 1:
                raise ValueError(f'{node.name or node.op_type}: {attr.name} {values} is not 1-D')
            attr.ints[:] = [1] + values
        elif attr.name == 'pads':
            begin, end = list(attr.ints)
            attr.ints[:] = [0, begin, 0, end]
        elif attr.name == 'auto_pad' and attr.s not in (b'', b'NOTSET'):
            raise ValueError(f'{node.name or node.op_type}: auto_pad {attr.s!r} is not handled')
    if node.op_type == 'Conv':
        w = node.input[1]
        if w not in weights:
            raise ValueError(f'{node.name}: weight {w} is not an initializer')
        if w not in lifted_weights:
            arr = numpy_helper.to_array(weights[w])
            if arr.ndim != 3:
                raise ValueError(f'{node.name}: weight {w} has shape {arr.shape}, expected (O, I, k)')
            weights[w].CopyFrom(numpy_helper.from_array(arr[:, :, None, :], w))
            lifted_weights.add(w)


def _check_scalar_operands(node: onnx.NodeProto, lifted: set[str], consts: dict[str, np.ndarray]) -> None:
    for name in node.input:
        if name and name not in lifted and name in consts and consts[name].size != 1:
            raise ValueError(f'{node.name or node.op_type}: operand {name} of shape {consts[name].shape} would '
                             f'broadcast differently against the 4-D tensor')


def to_conv2d(model: onnx.ModelProto) -> onnx.ModelProto:
    """A copy of `model` with its 1-D spatial ops in 2-D form; raises on any op it does not know how to carry."""
    model = onnx.ModelProto.FromString(model.SerializeToString())
    g = model.graph
    if len(g.input) != 1:
        raise ValueError(f'expected one graph input, found {len(g.input)}')
    x = g.input[0]
    if len(x.type.tensor_type.shape.dim) != 3:
        raise ValueError(f'input {x.name} is not (batch, channels, samples)')
    weights = {t.name: t for t in g.initializer}
    consts = {t.name: numpy_helper.to_array(t) for t in g.initializer}
    for n in g.node:
        if n.op_type == 'Constant':
            consts[n.output[0]] = numpy_helper.to_array(n.attribute[0].t)
    outputs = {o.name for o in g.output}

    # 4-D names for every tensor that gains the height axis; graph outputs keep their own names for the squeeze.
    rename = {x.name: f'{x.name}__4d'}
    lifted = {rename[x.name]}
    # A Constant node, not an initializer: readers that map initializers to weights (bench/torch_eager.py) see none extra.
    axes = 'conv2d/axes'
    nodes = [helper.make_node('Constant', [], [axes], name=axes, value=_int_const(axes, [AXIS])),
             helper.make_node('Unsqueeze', [x.name, axes], [rename[x.name]], name='conv2d/unsqueeze_input')]
    squeezes = []
    lifted_weights: set[str] = set()
    for original in g.node:
        node = onnx.NodeProto()
        node.CopyFrom(original)  # g.node is cleared below; keep no references into it
        node.input[:] = [rename.get(i, i) for i in node.input]
        touches = any(i in lifted for i in node.input)
        if touches:
            if node.op_type in SPATIAL:
                if node.input[0] not in lifted:
                    raise ValueError(f'{node.name}: only the data input may be 4-D')
                _lift_spatial(node, weights, lifted_weights)
            elif node.op_type in ELEMENTWISE:
                _check_scalar_operands(node, lifted, consts)
            elif node.op_type == 'BatchNormalization':
                if node.input[0] not in lifted or len(node.output) != 1:
                    raise ValueError(f'{node.name}: only inference-mode batch norm on the data input is handled')
            elif node.op_type == 'Flatten':
                axis = next((a.i for a in node.attribute if a.name == 'axis'), 1)
                if axis != 1:
                    raise ValueError(f'{node.name}: Flatten axis {axis}; only axis 1 keeps the channel-major layout')
                nodes.append(node)
                continue  # (N, C, 1, L) flattens from axis 1 to the same (N, C·L) as (N, C, L)
            else:
                raise ValueError(f'{node.name or node.op_type}: op {node.op_type} on a 4-D tensor is not handled')
            for i, out in enumerate(node.output):
                if out in outputs:
                    rename[out] = f'{out}__4d'
                    squeezes.append(helper.make_node('Squeeze', [rename[out], axes], [out], name=f'conv2d/squeeze_{out}'))
                node.output[i] = rename.get(out, out)
                lifted.add(node.output[i])
        nodes.append(node)
    # A node may read a graph output produced earlier (block2 feeds block 3): the rename above already pointed it at
    # the 4-D tensor, since outputs are renamed before any later node is visited.
    del g.node[:]
    g.node.extend(nodes + squeezes)
    del g.value_info[:]
    onnx.checker.check_model(model)
    model = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    return model


def convert_file(src: Path, dst: Path) -> None:
    onnx.save(to_conv2d(onnx.load(str(src))), str(dst))


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    convert_file(Path(sys.argv[1]), Path(sys.argv[2]))
