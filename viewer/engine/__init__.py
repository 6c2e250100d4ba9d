"""Computing over archives with Dask: map tasks per partition, Dask's tree reduction, one
smoothing at the end. Above the library (it reads archives) and the analysis (it bins points)."""
