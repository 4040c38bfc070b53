set terminal svg size 760,440 dynamic background rgb 'white'
set output "bench/results/search/autoformer/small_libra_seed0/best_so_far.svg"
set datafile separator ','
set key top left
set grid
set title "autoformer-small-libra-evolution: best so far (evolution, combiner libra: libra picked jacov l2_norm synflow)" noenhanced
set xlabel 'search time (s)'
set ylabel 'fitness of the best so far'
plot "bench/results/search/autoformer/small_libra_seed0/best_so_far.csv" every ::1 using 2:3 with steps lw 2 title 'fitness'
