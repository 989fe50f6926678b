"""
Training and prediction. Records are weighted equally whatever their length: each of a record's windows carries
weight 1 / (its record's window count) in the loss, so a 115-s PTB recording does not outweigh eleven patients.
"""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from net import ResNet1d

MAX_SHIFT = 48  # samples: a 10-s record padded to 4096 has 48 zeros each side, so a shift keeps it whole


@dataclass
class FitConfig:
    stem: int
    widths: list[int]
    dropout: float
    epochs: int
    batch: int
    lr: float
    weight_decay: float


def make_model(cfg: FitConfig) -> ResNet1d:
    return ResNet1d(cfg.stem, cfg.widths, cfg.dropout)


def _augment(x: torch.Tensor, gen: torch.Generator) -> torch.Tensor:
    """Amplitude ×U(0.9, 1.1) per ECG and one time shift of up to ±48 samples per batch, zero-filled."""
    scale = 0.9 + 0.2 * torch.rand((x.shape[0], 1, 1), generator=gen)
    x = x * scale
    shift = int(torch.randint(-MAX_SHIFT, MAX_SHIFT + 1, (1,), generator=gen))
    if shift > 0:
        x = torch.cat([torch.zeros_like(x[..., :shift]), x[..., :-shift]], dim=2)
    elif shift < 0:
        x = torch.cat([x[..., -shift:], torch.zeros_like(x[..., :-shift])], dim=2)
    return x


def train_model(x: np.ndarray, y: np.ndarray, w: np.ndarray, cfg: FitConfig, seed: int, log) -> ResNet1d:
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = make_model(cfg)
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    sched = torch.optim.lr_scheduler.MultiStepLR(opt, milestones=[int(cfg.epochs * 0.7), int(cfg.epochs * 0.9)], gamma=0.1)
    xt, yt, wt = torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(w)
    loss_fn = nn.BCEWithLogitsLoss(reduction='none')
    n = len(xt)
    for epoch in range(cfg.epochs):
        model.train()
        t0 = time.time()
        order = torch.randperm(n, generator=gen)
        total, weight = 0.0, 0.0
        for s in range(0, n, cfg.batch):
            idx = order[s:s + cfg.batch]
            if len(idx) < 2:  # batch norm needs two examples
                continue
            xb = _augment(xt[idx], gen)
            logits = model(xb)[0]
            per = loss_fn(logits, yt[idx]).mean(dim=1) * wt[idx]
            loss = per.sum() / wt[idx].sum()
            opt.zero_grad()
            loss.backward()
            opt.step()
            total += float(per.sum())
            weight += float(wt[idx].sum())
        sched.step()
        if epoch == 0 or (epoch + 1) % 5 == 0 or epoch + 1 == cfg.epochs:
            log(f'  epoch {epoch + 1}/{cfg.epochs} loss {total / max(weight, 1e-9):.4f} ({time.time() - t0:.1f} s)')
    model.eval()
    return model


@torch.no_grad()
def predict(model: ResNet1d, x: np.ndarray, batch: int = 64) -> np.ndarray:
    model.eval()
    out = []
    for s in range(0, len(x), batch):
        out.append(torch.sigmoid(model(torch.from_numpy(x[s:s + batch]))[0]).numpy())
    return np.concatenate(out) if out else np.zeros((0, 5), dtype=np.float32)


@torch.no_grad()
def forward_all(model: ResNet1d, x: np.ndarray) -> list[np.ndarray]:
    """Logits and the three block activations, as numpy arrays (eval mode)."""
    model.eval()
    return [t.numpy() for t in model(torch.from_numpy(x))]
