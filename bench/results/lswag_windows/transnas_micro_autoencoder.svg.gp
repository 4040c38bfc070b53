# zcnas lswag-window figure; edit and run `gnuplot bench/results/lswag_windows/transnas_micro_autoencoder.svg.gp` to redraw
set terminal svg size 760,440 dynamic background rgb 'white'
set output "bench/results/lswag_windows/transnas_micro_autoencoder.svg"
set title "transnas_micro on imagenet: 20 networks, batch 8, 2 batches, var(|g|)" noenhanced
set xlabel 'depth-percentile bin'
set ylabel 'log sigma (mean +- std over networks)'
set xrange [-0.5:9.5]
set xtics 1
set grid ytics
set key below
set object 1 rect from -0.5, graph 0 to 9.5, graph 1 fillcolor rgb '#fde0c5' fillstyle solid 0.7 noborder behind
$bins << EOD
0 -7.404161645 1.13028019
1 -8.298565435 0.8129985887
2 -8.843465625 0.9244871861
3 -9.272500576 0.6251187438
4 -9.741068264 0.621228743
5 -10.20741046 0.5523271444
6 -10.71085548 0.3994551884
7 -10.86715139 0.2582288679
8 -10.24104979 0.5083960597
9 -8.443428221 1.313728832
EOD
plot $bins using 1:2:3 with yerrorlines lw 2 pt 7 lc rgb '#1f77b4' title 'log sigma', -9.50678442 with lines dt 2 lc rgb 'gray' title 'median of bins', NaN with boxes fillcolor rgb '#fde0c5' fillstyle solid title sprintf('proposed window [%d, %d]', 0, 9)
