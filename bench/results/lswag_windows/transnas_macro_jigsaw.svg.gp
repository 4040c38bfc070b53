# zcnas lswag-window figure; edit and run `gnuplot bench/results/lswag_windows/transnas_macro_jigsaw.svg.gp` to redraw
set terminal svg size 760,440 dynamic background rgb 'white'
set output "bench/results/lswag_windows/transnas_macro_jigsaw.svg"
set title "transnas_macro on imagenet: 20 networks, batch 32, 2 batches, var(|g|)" noenhanced
set xlabel 'depth-percentile bin'
set ylabel 'log sigma (mean +- std over networks)'
set xrange [-0.5:9.5]
set xtics 1
set grid ytics
set key below
set object 1 rect from -0.5, graph 0 to 9.5, graph 1 fillcolor rgb '#fde0c5' fillstyle solid 0.7 noborder behind
$bins << EOD
0 -3.586009766 0.9985793807
1 -4.518980044 0.8416231204
2 -4.876537393 0.819402787
3 -5.180768493 0.7921562683
4 -5.404228976 0.7678075818
5 -5.629615048 0.8650157297
6 -5.776828454 0.9130097789
7 -5.848018414 0.8670523526
8 -6.057621511 0.8651596937
9 -6.544741614 0.9685210439
EOD
plot $bins using 1:2:3 with yerrorlines lw 2 pt 7 lc rgb '#1f77b4' title 'log sigma', -5.516922012 with lines dt 2 lc rgb 'gray' title 'median of bins', NaN with boxes fillcolor rgb '#fde0c5' fillstyle solid title sprintf('proposed window [%d, %d]', 0, 9)
