"""What the NAS-Bench-201 search summaries (bench/search, bench/prune) share: the truth columns
they report, the space's optimum of each (NATS-Bench 200-epoch test accuracy,
data/nb201/nb201_200ep_acc.csv) and how a list of accuracies is printed."""
import statistics

COLUMNS = ["cifar10-test", "cifar100-test", "imagenet16-120-test"]
OPTIMUM = {"cifar10-test": 94.37, "cifar100-test": 73.51, "imagenet16-120-test": 47.31}


def fmt(values):
    """mean ± std over seeds ("-" for none, the value for one)."""
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return f"{statistics.mean(values):.2f} ± {statistics.stdev(values):.2f}"
