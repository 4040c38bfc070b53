# zcnas lswag-window figure; edit and run `gnuplot bench/results/lswag_windows/nb201_imagenet16-120.svg.gp` to redraw
set terminal svg size 760,440 dynamic background rgb 'white'
set output "bench/results/lswag_windows/nb201_imagenet16-120.svg"
set title "nasbench201 on imagenet16-120: 50 networks, batch 64, 2 batches, var(|g|)" noenhanced
set xlabel 'depth-percentile bin'
set ylabel 'log sigma (mean +- std over networks)'
set xrange [-0.5:9.5]
set xtics 1
set grid ytics
set key top left
set object 1 rect from -0.5, graph 0 to 9.5, graph 1 fillcolor rgb '#fde0c5' fillstyle solid 0.7 noborder behind
$bins << EOD
0 -3.98677581 1.355884212
1 -4.563124203 1.471071003
2 -5.043913813 1.512411994
3 -5.46637685 1.253362625
4 -6.028159835 1.638784557
5 -6.364746115 1.893324363
6 -6.666368262 1.612327986
7 -7.309629021 2.07976092
8 -7.746392313 2.459546088
9 -7.5762909 2.369931533
EOD
plot $bins using 1:2:3 with yerrorlines lw 2 pt 7 lc rgb '#1f77b4' title 'log sigma', -6.196452975 with lines dt 2 lc rgb 'gray' title 'median of bins', NaN with boxes fillcolor rgb '#fde0c5' fillstyle solid title sprintf('proposed window [%d, %d]', 0, 9)
