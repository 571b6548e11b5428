# An incremental constraint solver in the style of DeltaBlue (written from scratch):
# variables and constraint objects with strengths, local propagation that picks each
# constraint's direction, plans extracted from edit constraints and executed repeatedly.
class Strength:
    def __init__(self, level, name):
        self.level = level
        self.name = name

    def stronger(self, other):
        return self.level < other.level

    def weaker(self, other):
        return self.level > other.level

    def weakest_of(self, other):
        return self if self.weaker(other) else other


REQUIRED = Strength(0, "required")
STRONG_PREFERRED = Strength(1, "strongPreferred")
PREFERRED = Strength(2, "preferred")
STRONG_DEFAULT = Strength(3, "strongDefault")
NORMAL = Strength(4, "normal")
WEAK_DEFAULT = Strength(5, "weakDefault")
WEAKEST = Strength(6, "weakest")
BY_STRENGTH = [REQUIRED, STRONG_PREFERRED, PREFERRED, STRONG_DEFAULT, NORMAL, WEAK_DEFAULT, WEAKEST]


class Variable:
    def __init__(self, name, value=0):
        self.name = name
        self.value = value
        self.constraints = []
        self.determined_by = None
        self.walk_strength = WEAKEST
        self.stay = True
        self.mark = 0


class Planner:
    def __init__(self):
        self.current_mark = 0

    def new_mark(self):
        self.current_mark += 1
        return self.current_mark

    def incremental_add(self, constraint):
        mark = self.new_mark()
        overridden = constraint.satisfy(mark, self)
        while overridden is not None:
            overridden = overridden.satisfy(mark, self)

    def incremental_remove(self, constraint):
        output = constraint.output()
        constraint.mark_unsatisfied()
        constraint.remove_from_graph()
        unsatisfied = self.remove_propagate_from(output)
        for strength in BY_STRENGTH:
            for waiting in unsatisfied:
                if waiting.strength is strength:
                    self.incremental_add(waiting)

    def add_propagate(self, constraint, mark):
        todo = [constraint]
        while todo:
            current = todo.pop()
            if current.output().mark == mark:
                self.incremental_remove(constraint)
                return False
            current.recalculate()
            self.add_consumers(current.output(), todo)
        return True

    def remove_propagate_from(self, variable):
        variable.determined_by = None
        variable.walk_strength = WEAKEST
        variable.stay = True
        unsatisfied = []
        todo = [variable]
        while todo:
            current = todo.pop()
            for constraint in current.constraints:
                if not constraint.is_satisfied():
                    unsatisfied.append(constraint)
            determining = current.determined_by
            for constraint in current.constraints:
                if constraint is not determining and constraint.is_satisfied():
                    constraint.recalculate()
                    todo.append(constraint.output())
        return unsatisfied

    def add_consumers(self, variable, todo):
        determining = variable.determined_by
        for constraint in variable.constraints:
            if constraint is not determining and constraint.is_satisfied():
                todo.append(constraint)

    def extract_plan(self, constraints):
        sources = [c for c in constraints if c.is_input() and c.is_satisfied()]
        mark = self.new_mark()
        plan = []
        todo = sources
        while todo:
            constraint = todo.pop(0)
            output = constraint.output()
            if output.mark != mark and constraint.inputs_known(mark):
                plan.append(constraint)
                output.mark = mark
                self.add_consumers(output, todo)
        return plan


class Constraint:
    def __init__(self, strength):
        self.strength = strength

    def add(self, planner):
        self.add_to_graph()
        planner.incremental_add(self)

    def destroy(self, planner):
        if self.is_satisfied():
            planner.incremental_remove(self)
        else:
            self.remove_from_graph()

    def is_input(self):
        return False

    def satisfy(self, mark, planner):
        self.choose_method(mark)
        if not self.is_satisfied():
            if self.strength is REQUIRED:
                raise RuntimeError("could not satisfy a required constraint")
            return None
        self.mark_inputs(mark)
        output = self.output()
        overridden = output.determined_by
        if overridden is not None:
            overridden.mark_unsatisfied()
        output.determined_by = self
        if not planner.add_propagate(self, mark):
            raise RuntimeError("cycle")
        output.mark = mark
        return overridden


class UnaryConstraint(Constraint):
    def __init__(self, variable, strength, planner):
        super().__init__(strength)
        self.variable = variable
        self.satisfied = False
        self.add(planner)

    def add_to_graph(self):
        self.variable.constraints.append(self)
        self.satisfied = False

    def remove_from_graph(self):
        self.variable.constraints.remove(self)
        self.satisfied = False

    def choose_method(self, mark):
        self.satisfied = self.variable.mark != mark and self.strength.stronger(self.variable.walk_strength)

    def is_satisfied(self):
        return self.satisfied

    def mark_unsatisfied(self):
        self.satisfied = False

    def mark_inputs(self, mark):
        pass

    def inputs_known(self, mark):
        return True

    def output(self):
        return self.variable

    def recalculate(self):
        self.variable.walk_strength = self.strength
        self.variable.stay = not self.is_input()
        if self.variable.stay:
            self.execute()

    def execute(self):
        pass


class StayConstraint(UnaryConstraint):
    pass


class EditConstraint(UnaryConstraint):
    def is_input(self):
        return True


class BinaryConstraint(Constraint):
    FORWARD, BACKWARD = 1, -1

    def __init__(self, source, target, strength, planner):
        super().__init__(strength)
        self.source = source
        self.target = target
        self.direction = None
        self.add(planner)

    def add_to_graph(self):
        self.source.constraints.append(self)
        self.target.constraints.append(self)
        self.direction = None

    def remove_from_graph(self):
        self.source.constraints.remove(self)
        self.target.constraints.remove(self)
        self.direction = None

    def choose_method(self, mark):
        source, target = self.source, self.target
        if source.mark == mark:
            free = target.mark != mark and self.strength.stronger(target.walk_strength)
            self.direction = self.FORWARD if free else None
        elif target.mark == mark:
            free = source.mark != mark and self.strength.stronger(source.walk_strength)
            self.direction = self.BACKWARD if free else None
        elif source.walk_strength.weaker(target.walk_strength):
            self.direction = self.BACKWARD if self.strength.stronger(source.walk_strength) else None
        else:
            self.direction = self.FORWARD if self.strength.stronger(target.walk_strength) else None

    def is_satisfied(self):
        return self.direction is not None

    def mark_unsatisfied(self):
        self.direction = None

    def input(self):
        return self.source if self.direction == self.FORWARD else self.target

    def output(self):
        return self.target if self.direction == self.FORWARD else self.source

    def mark_inputs(self, mark):
        self.input().mark = mark

    def inputs_known(self, mark):
        source = self.input()
        return source.mark == mark or source.stay or source.determined_by is None

    def recalculate(self):
        source, output = self.input(), self.output()
        output.walk_strength = self.strength.weakest_of(source.walk_strength)
        output.stay = source.stay
        if output.stay:
            self.execute()


class EqualityConstraint(BinaryConstraint):
    def execute(self):
        self.output().value = self.input().value


class ScaleConstraint(BinaryConstraint):
    # target = source * scale + offset, solvable in both directions.
    def __init__(self, source, target, scale, offset, strength, planner):
        self.scale = scale
        self.offset = offset
        super().__init__(source, target, strength, planner)

    def execute(self):
        if self.direction == self.FORWARD:
            self.target.value = self.source.value * self.scale + self.offset
        else:
            self.source.value = (self.target.value - self.offset) // self.scale


def drive(planner, variable, values):
    edit = EditConstraint(variable, PREFERRED, planner)
    plan = planner.extract_plan([edit])
    for value in values:
        variable.value = value
        for constraint in plan:
            constraint.execute()
    edit.destroy(planner)


def chain(n):
    # A chain of equalities held at the far end by a stay, then driven from the near end.
    planner = Planner()
    variables = [Variable(f"v{i}") for i in range(n + 1)]
    for left, right in zip(variables, variables[1:]):
        EqualityConstraint(left, right, REQUIRED, planner)
    StayConstraint(variables[-1], STRONG_DEFAULT, planner)
    drive(planner, variables[0], range(100))
    return variables[-1].value


def projection(n):
    # Pairs tied by target = source * 10 + 1000; editing either end of a pair moves the other.
    planner = Planner()
    sources, targets = [], []
    for i in range(n):
        source = Variable(f"s{i}", i)
        target = Variable(f"t{i}", i)
        sources.append(source)
        targets.append(target)
        StayConstraint(source, NORMAL, planner)
        ScaleConstraint(source, target, 10, 1000, REQUIRED, planner)
    drive(planner, sources[0], [17] * 10)
    checksum = targets[0].value
    drive(planner, targets[-1], [2000] * 10)
    checksum += sources[-1].value
    for i in range(0, n, 10):
        drive(planner, targets[i], [i * 10 + 1000])
    checksum += sum(s.value for s in sources)
    return checksum


total = 0
for size in range(100, 132):
    total += chain(size * 10) + projection(size * 10)
print(total)
