(int, *str, **Dict[str, int]) -> List[int]
