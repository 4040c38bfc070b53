set terminal svg size 760,440 dynamic background rgb 'white'
set output "bench/results/search/nb201/best_no_graph/seed0/best_so_far.svg"
set datafile separator ','
set key bottom right
set grid
set title "ablation-no-graph (evolution)" noenhanced
set xlabel 'search time (s)'
set ylabel 'fitness of the best so far'
set y2label "true cifar10-test of the best so far" noenhanced
set y2tics
set ytics nomirror
plot "bench/results/search/nb201/best_no_graph/seed0/best_so_far.csv" every ::1 using 2:3 with steps lw 2 title 'fitness', "bench/results/search/nb201/best_no_graph/seed0/best_so_far.csv" every ::1 using 2:5 axes x1y2 with steps lw 2 dt 2 title 'true accuracy'
