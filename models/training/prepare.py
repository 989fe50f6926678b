"""
Input preparation, the twin of src-main/model/prepare.ts and src-main/ecg/resample.ts: both must give the same
numbers (within float32 rounding) and the test vectors prove it.

| step        | rule                                                                                          |
|-------------|-----------------------------------------------------------------------------------------------|
| resample    | linear interpolation at t_k = k·fs_in/400 input samples, k = 0 … floor((n−1)·400/fs_in)     |
| pad         | shorter than 4096: zeros split evenly, the odd one on the right (left = floor((4096−m)/2))     |
| crop        | longer than 4096: the centre 4096 (start = floor((m−4096)/2))                                 |
| normalise   | none: millivolts as recorded (Ribeiro et al. feed raw mV)                                     |
| windows     | training only: a record of at least 2×10 s at 400 Hz gives floor(m/4000) non-overlapping       |
|             | 10-s windows centred in the record, each padded to 4096 like a 10-s record                    |
"""
from __future__ import annotations

import math

import numpy as np

FS = 400
N = 4096
WINDOW = 4000  # 10 s at 400 Hz


def resample_length(n: int, fs_in: float) -> int:
    if n == 0:
        return 0
    return math.floor((n - 1) * FS / fs_in) + 1


def resample_linear(x: np.ndarray, fs_in: float) -> np.ndarray:
    """(leads, n) float32 at fs_in → (leads, m) float32 at 400 Hz; arithmetic in float64 like the TypeScript twin."""
    n = x.shape[1]
    if fs_in == FS:
        return x.astype(np.float32, copy=True)
    m = resample_length(n, fs_in)
    t = (np.arange(m, dtype=np.float64) * fs_in) / FS
    i = np.floor(t).astype(np.int64)
    f = t - i
    i1 = np.minimum(i + 1, n - 1)
    xd = x.astype(np.float64)
    return (xd[:, i] + (xd[:, i1] - xd[:, i]) * f).astype(np.float32)


def fit_length(x: np.ndarray) -> tuple[np.ndarray, int, int]:
    """Centre zero-pad or centre crop to 4096; returns the tensor and the valid sample range [start, end)."""
    m = x.shape[1]
    out = np.zeros((x.shape[0], N), dtype=np.float32)
    if m >= N:
        s = (m - N) // 2
        out[:] = x[:, s:s + N]
        return out, 0, N
    left = (N - m) // 2
    out[:, left:left + m] = x
    return out, left, left + m


def prepare(signal: np.ndarray, fs: float) -> tuple[np.ndarray, int, int]:
    return fit_length(resample_linear(signal, fs))


def windows(signal: np.ndarray, fs: float) -> list[np.ndarray]:
    """Training windows of one record (see the table above)."""
    x = resample_linear(signal, fs)
    count = x.shape[1] // WINDOW
    if count < 2:
        return [fit_length(x)[0]]
    offset = (x.shape[1] - count * WINDOW) // 2
    return [fit_length(x[:, offset + j * WINDOW: offset + (j + 1) * WINDOW])[0] for j in range(count)]
