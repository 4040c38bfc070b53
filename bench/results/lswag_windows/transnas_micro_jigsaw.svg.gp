# zcnas lswag-window figure; edit and run `gnuplot bench/results/lswag_windows/transnas_micro_jigsaw.svg.gp` to redraw
set terminal svg size 760,440 dynamic background rgb 'white'
set output "bench/results/lswag_windows/transnas_micro_jigsaw.svg"
set title "transnas_micro on imagenet: 20 networks, batch 32, 2 batches, var(|g|)" noenhanced
set xlabel 'depth-percentile bin'
set ylabel 'log sigma (mean +- std over networks)'
set xrange [-0.5:9.5]
set xtics 1
set grid ytics
set key below
set object 1 rect from -0.5, graph 0 to 9.5, graph 1 fillcolor rgb '#fde0c5' fillstyle solid 0.7 noborder behind
$bins << EOD
0 -3.22466456 1.019468007
1 -3.974619212 0.6517314927
2 -4.284784939 0.6044890665
3 -4.595210587 0.6399218039
4 -5.104161835 0.3778940208
5 -5.360275931 0.3048352098
6 -5.695570746 0.369698366
7 -6.012486889 0.3039051548
8 -6.42532469 0.2336833687
9 -6.933100896 0.4028110733
EOD
plot $bins using 1:2:3 with yerrorlines lw 2 pt 7 lc rgb '#1f77b4' title 'log sigma', -5.232218883 with lines dt 2 lc rgb 'gray' title 'median of bins', NaN with boxes fillcolor rgb '#fde0c5' fillstyle solid title sprintf('proposed window [%d, %d]', 0, 9)
