"""tiny_resnet.zc written as a torch.nn.Module, for the test that both score the same."""

import torch.nn as nn


def conv_bn(cin, cout, k, stride=1):
    return [nn.Conv2d(cin, cout, k, stride=stride, padding=k // 2, bias=False), nn.BatchNorm2d(cout)]


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.residual = nn.Sequential(*conv_bn(cin, cout, 3, stride), nn.ReLU(), *conv_bn(cout, cout, 3))
        self.shortcut = nn.Sequential(*conv_bn(cin, cout, 1, stride)) if stride != 1 or cin != cout else None
        self.relu = nn.ReLU()

    def forward(self, x):
        # The residual branch runs first, as in the DSL's block: layer order is forward order, and
        # proxies that redraw weights (zen, AZ-NAS, vkdnw) draw layer by layer in that order.
        body = self.residual(x)
        return self.relu(body + (self.shortcut(x) if self.shortcut is not None else x))


class TinyResNet(nn.Module):
    def __init__(self, width=8, classes=10, in_channels=3):
        super().__init__()
        self.stem = nn.Sequential(*conv_bn(in_channels, 8, 3), nn.ReLU())
        self.block1 = BasicBlock(8, width)
        self.block2 = BasicBlock(width, 2 * width, stride=2)
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.fc = nn.Linear(2 * width, classes)

    def forward(self, x):
        return self.fc(self.pool(self.block2(self.block1(self.stem(x)))).flatten(1))
