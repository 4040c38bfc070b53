# zcnas lswag-window figure; edit and run `gnuplot bench/results/lswag_windows/transnas_macro_autoencoder.svg.gp` to redraw
set terminal svg size 760,440 dynamic background rgb 'white'
set output "bench/results/lswag_windows/transnas_macro_autoencoder.svg"
set title "transnas_macro on imagenet: 20 networks, batch 8, 2 batches, var(|g|)" noenhanced
set xlabel 'depth-percentile bin'
set ylabel 'log sigma (mean +- std over networks)'
set xrange [-0.5:9.5]
set xtics 1
set grid ytics
set key below
set object 1 rect from -0.5, graph 0 to 9.5, graph 1 fillcolor rgb '#fde0c5' fillstyle solid 0.7 noborder behind
$bins << EOD
0 -7.789053019 0.7774189018
1 -8.840874402 0.2972822243
2 -9.328073405 0.2899410904
3 -9.739391919 0.3433077501
4 -10.07203045 0.4015440774
5 -10.37056747 0.4358825992
6 -10.65510324 0.3686940782
7 -10.34971342 0.5885077665
8 -9.573497361 0.4879282616
9 -7.956657373 1.295424838
EOD
plot $bins using 1:2:3 with yerrorlines lw 2 pt 7 lc rgb '#1f77b4' title 'log sigma', -9.65644464 with lines dt 2 lc rgb 'gray' title 'median of bins', NaN with boxes fillcolor rgb '#fde0c5' fillstyle solid title sprintf('proposed window [%d, %d]', 0, 9)
