# zcnas lswag-window figure; edit and run `gnuplot bench/results/lswag_windows/nb201_cifar100.svg.gp` to redraw
set terminal svg size 760,440 dynamic background rgb 'white'
set output "bench/results/lswag_windows/nb201_cifar100.svg"
set title "nasbench201 on cifar100: 50 networks, batch 64, 2 batches, var(|g|)" noenhanced
set xlabel 'depth-percentile bin'
set ylabel 'log sigma (mean +- std over networks)'
set xrange [-0.5:9.5]
set xtics 1
set grid ytics
set key top left
set object 1 rect from -0.5, graph 0 to 9.5, graph 1 fillcolor rgb '#fde0c5' fillstyle solid 0.7 noborder behind
$bins << EOD
0 -4.390358117 1.183494212
1 -5.021514353 1.308994912
2 -5.502911408 1.368759058
3 -5.888843627 1.140390466
4 -6.522280537 1.559447241
5 -6.854951662 1.838173603
6 -7.104371803 1.588567948
7 -7.76926606 2.076079261
8 -8.135777597 2.468440401
9 -7.778135754 2.454304432
EOD
plot $bins using 1:2:3 with yerrorlines lw 2 pt 7 lc rgb '#1f77b4' title 'log sigma', -6.6886161 with lines dt 2 lc rgb 'gray' title 'median of bins', NaN with boxes fillcolor rgb '#fde0c5' fillstyle solid title sprintf('proposed window [%d, %d]', 0, 9)
