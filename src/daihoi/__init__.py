"""daihoi: the working system of a Party Committee."""
