# zcnas lswag-window figure; edit and run `gnuplot bench/results/lswag_windows/nb201_cifar10.svg.gp` to redraw
set terminal svg size 760,440 dynamic background rgb 'white'
set output "bench/results/lswag_windows/nb201_cifar10.svg"
set title "nasbench201 on cifar10: 50 networks, batch 64, 2 batches, var(|g|)" noenhanced
set xlabel 'depth-percentile bin'
set ylabel 'log sigma (mean +- std over networks)'
set xrange [-0.5:9.5]
set xtics 1
set grid ytics
set key top left
set object 1 rect from -0.5, graph 0 to 9.5, graph 1 fillcolor rgb '#fde0c5' fillstyle solid 0.7 noborder behind
$bins << EOD
0 -4.487054688 1.179541007
1 -5.102648643 1.305198478
2 -5.569957661 1.358719292
3 -5.941182235 1.120188596
4 -6.550878696 1.52987824
5 -6.884965496 1.793379747
6 -7.120876143 1.535499701
7 -7.769915684 2.001159102
8 -8.125941622 2.398398087
9 -7.317896303 2.722717997
EOD
plot $bins using 1:2:3 with yerrorlines lw 2 pt 7 lc rgb '#1f77b4' title 'log sigma', -6.717922096 with lines dt 2 lc rgb 'gray' title 'median of bins', NaN with boxes fillcolor rgb '#fde0c5' fillstyle solid title sprintf('proposed window [%d, %d]', 0, 9)
