from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from tuijin.core.api import ScopedReadOnlyViewSet, ScopedViewSetMixin

from .. import services
from ..filtersets import ProblemFilterSet
from ..models import Meeting, Problem, ProblemCategory
from .serializers import (DistributeSerializer, InstructionSerializer, MeetingSerializer, ProblemCategorySerializer,
                          ProblemSerializer, TextSerializer)


class ProblemViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Problems in the caller's scope; each step is the service the pages call, with the same rules."""

    queryset = Problem.objects.all()
    serializer_class = ProblemSerializer
    filterset_class = ProblemFilterSet
    select_related = ("project__region", "category", "raised_by")

    def get_queryset(self):
        return super().get_queryset().prefetch_related("assignments__department")

    def perform_create(self, serializer):
        data = serializer.validated_data
        if not services.raisable_projects(self.request.user).filter(pk=data["project"].pk).exists():
            raise exceptions.NotFound()
        serializer.instance = services.raise_problem(data["project"], actor=self.request.user,
                                                     category=data["category"], description=data["description"],
                                                     help_wanted=data.get("help_wanted", ""))

    def _done(self, problem):
        return Response(ProblemSerializer(self.get_queryset().get(pk=problem.pk)).data)

    @extend_schema(request=DistributeSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def distribute(self, request, pk=None):
        problem = self.get_object()
        serializer = DistributeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        services.distribute_problem(problem, actor=request.user, **serializer.validated_data)
        return self._done(problem)

    def _text_step(self, request, step, kwargs):
        problem = self.get_object()
        serializer = TextSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        step(problem, actor=request.user, **kwargs(serializer.validated_data["text"]))
        return self._done(problem)

    @extend_schema(request=TextSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        return self._text_step(request, services.answer_problem, lambda text: {"text": text})

    @extend_schema(request=TextSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._text_step(request, services.confirm_problem, lambda text: {"solved": True, "reason": text})

    @extend_schema(request=TextSerializer, responses=ProblemSerializer, description="退回重办（须说明理由）")
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        return self._text_step(request, services.confirm_problem, lambda text: {"solved": False, "reason": text})

    @extend_schema(request=TextSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._text_step(request, services.close_problem, lambda text: {"note": text})

    @extend_schema(request=InstructionSerializer, responses=InstructionSerializer,
                   description="领导批示（kind=instruction）或督查室督办（kind=supervision）")
    @action(detail=True, methods=["post"])
    def instructions(self, request, pk=None):
        problem = self.get_object()
        serializer = InstructionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        instruction = services.give_instruction(problem, serializer.validated_data["text"], actor=request.user,
                                                kind=serializer.validated_data["kind"])
        return Response(InstructionSerializer(instruction).data, status=201)

    @extend_schema(request=TextSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        return self._text_step(request, services.escalate_problem, lambda text: {"reason": text})


class ProblemCategoryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The problem categories in use (用地, 规划 …): the ids a problem is raised with; `days` is the default
    time limit when the project office distributes one without a deadline of its own."""

    queryset = ProblemCategory.objects.filter(active=True).order_by("sort_order", "pk")
    serializer_class = ProblemCategorySerializer


class MeetingViewSet(ScopedReadOnlyViewSet):
    queryset = Meeting.objects.all()
    serializer_class = MeetingSerializer
    select_related = ("chair",)

    def get_queryset(self):
        return super().get_queryset().prefetch_related("decisions", "problems", "projects")
