namespace npy { }
