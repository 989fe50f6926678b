"""
1D residual network after Ribeiro et al. 2020 ("Automatic diagnosis of the 12-lead ECG using a deep neural
network", Nat. Commun. 11:1760; github.com/antonior92/automatic-ecg-diagnosis), width reduced to train on two CPU
cores. Input (batch, 12, 4096) mV at 400 Hz. Each residual block downsamples by 4: 4096 → 1024 → 256 → 64 → 16.

The forward pass returns the logits and the outputs of the last three residual blocks (after the block's
batch norm + ReLU, before its dropout) because those are the activations the explanation clusters.
"""
import torch
from torch import nn

KERNEL = 17
DOWNSAMPLE = 4
N_LEADS = 12
N_SAMPLES = 4096
N_CLASSES = 5


def _padding(downsample: int, kernel: int) -> int:
    # Same as Ribeiro's _padding: the output length is exactly input / downsample.
    return max(0, int((kernel - downsample + 1) // 2))


class ResBlock1d(nn.Module):
    """Ribeiro's pre-activation residual unit: the skip path is max-pool + 1×1 conv, the sum `y` is carried on."""

    def __init__(self, n_in: int, n_out: int, downsample: int, kernel: int, dropout: float):
        super().__init__()
        self.conv1 = nn.Conv1d(n_in, n_out, kernel, padding=_padding(1, kernel), bias=False)
        self.bn1 = nn.BatchNorm1d(n_out)
        self.relu = nn.ReLU()
        self.dropout1 = nn.Dropout(dropout)
        self.conv2 = nn.Conv1d(n_out, n_out, kernel, stride=downsample, padding=_padding(downsample, kernel), bias=False)
        self.bn2 = nn.BatchNorm1d(n_out)
        self.dropout2 = nn.Dropout(dropout)
        skip = []
        if downsample > 1:
            skip.append(nn.MaxPool1d(downsample, stride=downsample))
        if n_in != n_out:
            skip.append(nn.Conv1d(n_in, n_out, 1, bias=False))
        self.skip = nn.Sequential(*skip)

    def forward(self, x, y):
        y = self.skip(y)
        x = self.dropout1(self.relu(self.bn1(self.conv1(x))))
        x = self.conv2(x)
        x = x + y
        y = x
        a = self.relu(self.bn2(x))
        return self.dropout2(a), y, a


class ResNet1d(nn.Module):
    def __init__(self, stem: int, widths: list[int], dropout: float, n_classes: int = N_CLASSES):
        super().__init__()
        self.conv1 = nn.Conv1d(N_LEADS, stem, KERNEL, padding=_padding(1, KERNEL), bias=False)
        self.bn1 = nn.BatchNorm1d(stem)
        self.relu = nn.ReLU()
        ins = [stem] + widths[:-1]
        self.blocks = nn.ModuleList(ResBlock1d(i, o, DOWNSAMPLE, KERNEL, dropout) for i, o in zip(ins, widths))
        self.final_length = N_SAMPLES // DOWNSAMPLE ** len(widths)
        self.head = nn.Linear(widths[-1] * self.final_length, n_classes)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        y = x
        acts = []
        for block in self.blocks:
            x, y, a = block(x, y)
            acts.append(a)
        # Flattened channel-major: head input index = channel * final_length + step (the manifest says so).
        logits = self.head(x.flatten(1))
        return (logits, *acts[-3:])


def block_geometry(widths: list[int]) -> list[dict]:
    """Per residual block: output length, input samples per step and receptive field in input samples."""
    field, jump = KERNEL, 1  # after the stem conv
    out = []
    length = N_SAMPLES
    for w in widths:
        field += (KERNEL - 1) * jump  # conv1, stride 1
        field += (KERNEL - 1) * jump  # conv2, strided
        jump *= DOWNSAMPLE
        length //= DOWNSAMPLE
        out.append({'channels': w, 'length': length, 'strideSamples': jump, 'receptiveFieldSamples': field})
    return out
