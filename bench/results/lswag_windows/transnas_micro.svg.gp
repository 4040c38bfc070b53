# zcnas lswag-window figure; edit and run `gnuplot bench/results/lswag_windows/transnas_micro.svg.gp` to redraw
set terminal svg size 760,440 dynamic background rgb 'white'
set output "bench/results/lswag_windows/transnas_micro.svg"
set title "transnas_micro on imagenet: 10 networks, batch 32, 2 batches, var(|g|)" noenhanced
set xlabel 'depth-percentile bin'
set ylabel 'log sigma (mean +- std over networks)'
set xrange [-0.5:9.5]
set xtics 1
set grid ytics
set key top left
set object 1 rect from -0.5, graph 0 to 9.5, graph 1 fillcolor rgb '#fde0c5' fillstyle solid 0.7 noborder behind
$bins << EOD
0 -4.306506325 1.032326377
1 -5.051450133 0.644173121
2 -5.346620748 0.5677239568
3 -5.624898988 0.5104678543
4 -6.219916505 0.3020082228
5 -6.465426244 0.246396018
6 -6.773526116 0.1974993699
7 -7.100265427 0.1820330171
8 -7.349445775 0.3235709661
9 -7.676306365 0.4007414089
EOD
plot $bins using 1:2:3 with yerrorlines lw 2 pt 7 lc rgb '#1f77b4' title 'log sigma', -6.342671375 with lines dt 2 lc rgb 'gray' title 'median of bins', NaN with boxes fillcolor rgb '#fde0c5' fillstyle solid title sprintf('proposed window [%d, %d]', 0, 9)
