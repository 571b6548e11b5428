if x:
    print(x)

