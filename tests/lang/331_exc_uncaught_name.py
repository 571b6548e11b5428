# Uncaught: NameError with a suggestion from the local variables of the failing frame.
import math

def area(radius):
    diameter = 2 * radius
    return math.pi * radius * radius + diametr

print(len(dir(math)) > 10)
area(2)
